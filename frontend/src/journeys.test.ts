import { describe, expect, it } from "vitest";
import type { MapLinks } from "./journeyApi";
import {
  draftOf,
  emptyExperiment,
  experimentData,
  newId,
  stateLabel,
  subJourneyChoices,
  subJourneyTarget,
  trail,
  withExperiment,
  withStrategy,
} from "./journeys";

const links: MapLinks = {
  map_id: 3,
  ref: "document-upload",
  title: "Uploading the application documents",
  parents: [{ map_id: 1, ref: "home-loan-as-is", title: "Home loan as is", step_id: "a-docs", step_name: "Upload documents" }],
  children: [],
  steps: [],
  maps: [
    { map_id: 1, ref: "home-loan-as-is", title: "Home loan as is", step_id: null, step_name: null },
    { map_id: 3, ref: "document-upload", title: "Uploading the application documents", step_id: null, step_name: null },
    { map_id: 2, ref: "agent", title: "A helpline call", step_id: null, step_name: null },
  ],
};

describe("breadcrumb", () => {
  it("names each parent, the step that opens the next map, then the map", () => {
    expect(trail(links)).toEqual([
      { label: "Home loan as is", href: "/m/1", kind: "map" },
      { label: "Upload documents", href: "/m/1", kind: "step" },
      { label: "Uploading the application documents", href: null, kind: "current" },
    ]);
  });
  it("shows the live title and only the map when it has no parent", () => {
    expect(trail({ ...links, parents: [] }, "Renamed")).toEqual([{ label: "Renamed", href: null, kind: "current" }]);
  });
});

describe("sub-journeys", () => {
  it("finds the map a step opens, or none", () => {
    expect(subJourneyTarget(links, "agent")).toEqual({ mapId: 2, title: "A helpline call" });
    expect(subJourneyTarget(links, "gone")).toBeNull();
    expect(subJourneyTarget(null, "agent")).toBeNull();
  });
  it("offers every other map, by title", () => {
    expect(subJourneyChoices(links).map((c) => c.ref)).toEqual(["agent", "home-loan-as-is"]);
  });
});

describe("initiative edits", () => {
  it("labels the server's states", () => {
    expect(stateLabel("in-progress")).toBe("In progress");
    expect(stateLabel("done")).toBe("Done");
  });
  it("makes a fresh id from what was tested", () => {
    expect(newId("Tracker pilot", [])).toBe("tracker-pilot");
    expect(newId("Tracker pilot", ["tracker-pilot"])).toBe("tracker-pilot-2");
    expect(newId("Open-banking income check with 40 first-time buyers", [])).toBe("open-banking-income-check-with");
    expect(newId("  ", [])).toBe("experiment");
  });
  it("turns a draft into the schema's data and refuses a result that is no number", () => {
    const draft = { ...emptyExperiment("tracker"), tested: "Texts at each step", result: "1,4", decision: "adopt", started: "2026-05-01" };
    expect(experimentData(draft, [])).toEqual({
      id: "texts-at-each-step", option: "tracker", tested: "Texts at each step", result: 1.4, decision: "adopt", started: "2026-05-01",
    });
    expect(() => experimentData({ ...draft, result: "lots" }, [])).toThrow(/not a number/);
  });
  it("adds or replaces an experiment and keeps the rest", () => {
    const initiative = { id: "i", name: "I", experiments: [{ id: "a", option: "o", tested: "t" }] };
    expect(withExperiment(initiative, { id: "b", option: "o", tested: "u" }, null).experiments).toHaveLength(2);
    const replaced = withExperiment(initiative, { id: "a", option: "o", tested: "v", result: 2 }, 0);
    expect(replaced.experiments).toEqual([{ id: "a", option: "o", tested: "v", result: 2 }]);
    expect(draftOf({ id: "a", option: "o", tested: "t", result: 2 }).result).toBe("2");
  });
  it("changes the mission and goals, keeping the markets", () => {
    const initiative = { id: "i", strategy: { mission: "old", goals: ["g"], markets: ["m"] } };
    expect(withStrategy(initiative, " new ", ["a", "b"]).strategy).toEqual({ mission: "new", goals: ["a", "b"], markets: ["m"] });
  });
});
