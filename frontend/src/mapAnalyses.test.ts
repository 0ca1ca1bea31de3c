import { describe, expect, it } from "vitest";
import { availabilityNote, mapAnalysesUrl, type AnalysisAvailability } from "./catalog";

function analysis(available: boolean, hint: string | null): AnalysisAvailability {
  return { name: "discovery", label: "Journey discovery", description: "flows", studio: "svg", available, hint };
}

describe("what a map lacks for an analysis", () => {
  it("is said as one sentence from the server's hint", () => {
    const note = availabilityNote(analysis(false, "upload an event log, or list one for this map in the workspace's evidence"));
    expect(note).toBe("To draw it, upload an event log, or list one for this map in the workspace's evidence.");
    expect(availabilityNote(analysis(false, "fix the map's errors first."))).toBe("To draw it, fix the map's errors first.");
  });

  it("is nothing when the analysis is available, and a plain line when the server gave no hint", () => {
    expect(availabilityNote(analysis(true, null))).toBe("");
    expect(availabilityNote(analysis(false, null))).toBe("It cannot be drawn for this map yet.");
  });

  it("is asked at the map's own route", () => {
    expect(mapAnalysesUrl(7)).toBe("/api/maps/7/analyses");
  });
});
