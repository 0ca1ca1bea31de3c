import { describe, expect, it } from "vitest";
import { allSteps, type Obj } from "./model";
import { markerCorners, otherCurves } from "./personas";

const data: Obj = {
  persona: "marco",
  personas: [{ id: "marco", name: "Marco" }],
  stages: [
    {
      id: "s",
      name: "S",
      steps: [
        { id: "a", name: "A", emotion: 5, emotions: { noor: 7, zoe: { mean: 3.6, n: 14, ci95: [2.6, 4.6], dataset: "d" } } },
        { id: "b", name: "B", emotion: 4, emotions: { noor: { estimate: 3 }, marco: 9 } },
        { id: "c", name: "C" },
      ],
    },
  ],
};

describe("other personas' curves", () => {
  it("gives each other persona its points, name, colour and marker, in the workspace's order", () => {
    const names = [
      { id: "marco", name: "Marco" },
      { id: "zoe", name: "Zoe, 12" },
      { id: "noor", name: "Noor, 8" },
    ];
    const curves = otherCurves(allSteps(data), "marco", names);
    expect(curves.map((c) => c.name)).toEqual(["Zoe, 12", "Noor, 8"]);
    expect(new Set(curves.map((c) => c.colour)).size).toBe(2);
    expect(new Set(curves.map((c) => c.marker)).size).toBe(2);
    expect(curves[1]!.points.map((p) => [p.stepId, p.value, p.measured])).toEqual([
      ["a", 7, false],
      ["b", 3, false],
    ]);
    expect(curves[0]!.points[0]).toMatchObject({ stepId: "a", value: 3.6, measured: true, column: 0 });
  });

  it("leaves out the map's own persona and falls back to the id for an unnamed persona", () => {
    const curves = otherCurves(allSteps(data), "marco", []);
    expect(curves.map((c) => c.id)).toEqual(["noor", "zoe"]);
    expect(curves[0]!.name).toBe("noor");
  });

  it("draws markers as polygons, a circle as none", () => {
    expect(markerCorners("diamond", 10, 10, 5)).toHaveLength(4);
    expect(markerCorners("triangle", 10, 10, 5)).toHaveLength(3);
    expect(markerCorners("circle", 10, 10, 5)).toEqual([]);
  });
});
