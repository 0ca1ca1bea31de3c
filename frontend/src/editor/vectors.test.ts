// The TypeScript ports of domain rules give what the Python implementation gives, on the shared vectors that
// tests/test_vectors.py checks on the Python side (regenerate them with python3 tools/gen_vectors.py).
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import ids from "../../../tests/vectors/ids.json";
import lanes from "../../../tests/vectors/lanes.json";
import vmpiVectors from "../../../tests/vectors/vmpi.json";
import { LANE_KINDS, effectiveLanes, laneLabel } from "./lanes";
import { DEFAULT_BANDS, bandOf, indexDoc, mapVmpi, slugify, toY, vmpi, type Band, type Obj } from "./model";

/** A Y document whose root map "map" holds `data`, as the studio's live documents do. */
function docOf(data: Obj): Y.Map<unknown> {
  const doc = new Y.Doc();
  const root = doc.getMap("map");
  doc.transact(() => {
    for (const [key, value] of Object.entries(data)) root.set(key, toY(value));
  });
  return root;
}

describe("ids", () => {
  it.each(ids.slugify)("slugify($text)", ({ text, slug }) => {
    expect(slugify(text)).toBe(slug);
  });

  it.each(ids.fill_missing_ids)("fills the ids of map $name as Python does", ({ map, filled }) => {
    expect(indexDoc(docOf(map as unknown as Obj)).data).toEqual(filled);
  });
});

describe("VMPI", () => {
  it("has Python's default bands", () => {
    expect(DEFAULT_BANDS).toEqual(vmpiVectors.default_bands);
  });

  it.each(vmpiVectors.default_band_of)("puts $value in band $label", ({ value, label }) => {
    expect(bandOf(value).label).toBe(label);
  });

  it.each(vmpiVectors.custom_band_of)("puts $value in band $label of custom bands", ({ bands, value, label }) => {
    expect(bandOf(value, bands as Band[]).label).toBe(label);
  });

  it.each(vmpiVectors.vmpi)("VMPI of a value moment is $vmpi", ({ moment, vmpi: expected }) => {
    expect(vmpi(moment as Obj)).toBe(expected);
  });

  it.each(vmpiVectors.map_vmpi)("VMPI of a map is $vmpi", ({ moments, vmpi: expected }) => {
    expect(mapVmpi(moments as Obj[])).toBe(expected);
  });
});

describe("lanes", () => {
  it("knows every lane kind, in order, with Python's labels", () => {
    expect(LANE_KINDS).toEqual(lanes.lane_labels.map((l) => l.kind));
    for (const { kind, label } of lanes.lane_labels) expect(laneLabel(kind)).toBe(label);
  });

  it.each(lanes.effective_lanes)("draws the lanes of $name as the renderer does", ({ map, lanes: expected }) => {
    const drawn = effectiveLanes(map as unknown as Obj).map(({ id, kind, heading }) => ({ id, kind, heading }));
    expect(drawn).toEqual(expected);
  });
});
