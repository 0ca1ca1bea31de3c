// The TypeScript ports of domain rules give what the Python implementation gives, on the shared vectors that
// tests/test_vectors.py checks on the Python side (regenerate them with python3 tools/gen_vectors.py).
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { LANE_KINDS, effectiveLanes, laneLabel } from "./lanes";
import { DEFAULT_BANDS, bandOf, indexDoc, mapVmpi, slugify, toY, vmpi, type Band, type Obj } from "./model";

// The vectors are read through Vite (not a static import), so that type-checking the front end, as its build does,
// needs no file outside frontend/ (a Docker or sdist build has no tests/ folder).
const files = import.meta.glob<{ default: unknown }>("../../../tests/vectors/*.json", { eager: true });

function vectors<T>(name: string): T {
  const file = files[`../../../tests/vectors/${name}`];
  if (!file) throw new Error(`tests/vectors/${name} is missing: run python3 tools/gen_vectors.py`);
  return file.default as T;
}

interface IdVectors {
  slugify: Array<{ text: string; slug: string }>;
  fill_missing_ids: Array<{ name: string; map: Obj; filled: Obj }>;
}
interface Moment {
  vmce: number;
  vme: number;
  weight: number;
}
interface VmpiVectors {
  default_bands: Band[];
  default_band_of: Array<{ value: number; label: string }>;
  custom_band_of: Array<{ bands: Band[]; value: number; label: string }>;
  vmpi: Array<{ moment: Moment; vmpi: number }>;
  map_vmpi: Array<{ moments: Moment[]; vmpi: number | null }>;
}
interface LaneVectors {
  lane_labels: Array<{ kind: string; label: string }>;
  effective_lanes: Array<{ name: string; map: Obj; lanes: Array<{ id: string; kind: string; heading: string }> }>;
}

const ids = vectors<IdVectors>("ids.json");
const vmpiVectors = vectors<VmpiVectors>("vmpi.json");
const lanes = vectors<LaneVectors>("lanes.json");

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
    expect(indexDoc(docOf(map)).data).toEqual(filled);
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
    expect(bandOf(value, bands).label).toBe(label);
  });

  it.each(vmpiVectors.vmpi)("VMPI of a value moment is $vmpi", ({ moment, vmpi: expected }) => {
    expect(vmpi({ ...moment })).toBe(expected);
  });

  it.each(vmpiVectors.map_vmpi)("VMPI of a map is $vmpi", ({ moments, vmpi: expected }) => {
    expect(mapVmpi(moments.map((m) => ({ ...m })))).toBe(expected);
  });
});

describe("lanes", () => {
  it("knows every lane kind, in order, with Python's labels", () => {
    expect(LANE_KINDS).toEqual(lanes.lane_labels.map((l) => l.kind));
    for (const { kind, label } of lanes.lane_labels) expect(laneLabel(kind)).toBe(label);
  });

  it.each(lanes.effective_lanes)("draws the lanes of $name as the renderer does", ({ map, lanes: expected }) => {
    const drawn = effectiveLanes(map).map(({ id, kind, heading }) => ({ id, kind, heading }));
    expect(drawn).toEqual(expected);
  });
});
