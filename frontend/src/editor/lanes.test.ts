import { describe, expect, it } from "vitest";
import { LANE_KINDS, VALUE_MOMENTS_ROW, effectiveLanes, laneChoices, laneLabel, laneRows } from "./lanes";
import type { Obj } from "./model";

const steps: Obj[] = [{ id: "see", name: "See", emotion: 6 }, { id: "ask", name: "Ask" }];

describe("laneRows (the grid's rows)", () => {
  it("shows the renderer's added lanes, but not its emotion lane: the grid's curve row stands for it", () => {
    const data: Obj = {
      stages: [{ id: "aware", steps }],
      lanes: [{ id: "doing", kind: "actions" }],
      touchpoints: [{ id: "tp-1", step: "see", name: "Ad" }],
    };
    expect(effectiveLanes(data).map((l) => l.id)).toEqual(["doing", "emotion", "touchpoints"]);
    const rows = laneRows(data, "customer-journey-map");
    expect(rows.map((r) => [r.id, r.kind, r.title, r.lane !== null])).toEqual([
      ["doing", "actions", "Actions", true],
      ["touchpoints", "touchpoints", "Touchpoints", false],
    ]);
  });

  it("keeps a lane of kind emotion the map has, with its cards", () => {
    const lane = { id: "feel", kind: "emotion", title: "How it feels" };
    const rows = laneRows({ stages: [{ id: "aware", steps }], lanes: [lane] }, "customer-journey-map");
    expect(rows).toEqual([{ id: "feel", kind: "emotion", title: "How it feels", lane }]);
  });

  it("gives value moments a row when no lane of the map shows them", () => {
    const data: Obj = { stages: [{ id: "aware", steps }], value_moments: [{ id: "vm-1", step: "see", vmce: 8, vme: 6 }] };
    expect(laneRows(data, "customer-journey-map").map((r) => r.id)).toEqual([VALUE_MOMENTS_ROW]);
    expect(laneRows({ stages: [] }, "value-moments-planner").map((r) => r.id)).toEqual([VALUE_MOMENTS_ROW]);
    const planned = { ...data, lanes: [{ id: "exp", kind: "expectations" }] };
    expect(laneRows(planned, "customer-journey-map").map((r) => r.id)).toEqual(["exp"]);
  });

  it("names an added lane as the renderer does, so a blueprint line placed after it finds it", () => {
    const data: Obj = {
      stages: [{ id: "aware", steps: [{ id: "see", name: "See" }] }],
      lanes: [{ id: "opportunities", kind: "actions" }],
      opportunities: [{ id: "opp-1", text: "Reduce", steps: ["see"] }, { id: "opp-2", text: "Placed nowhere" }],
    };
    expect(laneRows(data, "service-blueprint").map((r) => r.id)).toEqual(["opportunities", "opportunities-lane"]);
  });

  it("leaves out opportunities placed on no step, as the renderer does", () => {
    const data: Obj = { stages: [], opportunities: [{ id: "opp-1", text: "Reduce", steps: [] }] };
    expect(laneRows(data, "customer-journey-map")).toEqual([]);
  });
});

describe("laneChoices", () => {
  it("offers the map type's lanes and a custom lane first, the rest under other kinds", () => {
    const journey = ["actions", "thoughts", "feelings", "pain-points", "emotion", "touchpoints", "moments-of-truth", "opportunities"];
    const { primary, other } = laneChoices(journey);
    expect(primary).toEqual(["actions", "thoughts", "feelings", "pain-points", "touchpoints", "moments-of-truth", "opportunities", "custom"]);
    expect(other).toContain("vmpi-results");
    expect(other).not.toContain("actions");
    expect(other).not.toContain("emotion");
    expect(primary.length + other.length).toBe(LANE_KINDS.length - 1);
  });

  it("offers every kind before the catalog has loaded", () => {
    expect(laneChoices(null).primary).toEqual(LANE_KINDS);
  });

  it("labels lanes as the Python LaneKind does", () => {
    expect(laneLabel("vmpi-results")).toBe("VMPI results");
    expect(laneLabel("pain-points")).toBe("Pain points");
  });
});
