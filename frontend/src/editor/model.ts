// The editor's model layer: reading a map's Y document (root Y.Map "map") as plain, id-complete data, and every
// edit the editor makes as a small function running one Yjs transaction. No DOM, no Preact: testable on its own.
//
// Ids: the file format lets authors leave ids out (docs/format.md, "Ids"); the loader then makes them from the
// element's name or from its container and position. `indexDoc` makes exactly the same ids (a port of
// journeymap.model.ids.fill_missing_ids) so comments, lint findings and presence point at the same elements as the
// server. Before an edit would change a made id (renaming a step, inserting a card before others), the ids of the
// touched list are written into the document, after which they are stable ("journeymap fmt" does the same).

import * as Y from "yjs";

export const ORIGIN = "journeymap-local";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Obj = { [key: string]: Json };

// -- ids ----------------------------------------------------------------------------------------------------------

export function slugify(text: string, fallback = "item"): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/^-+|-+$/g, "");
  return slug || fallback;
}

type Naming = (item: Obj, index: number, parent: string) => string;

interface Spec {
  naming: Naming;
  children: Record<string, Spec>;
  inheritParent: boolean;
  kind: string;
}

const byName =
  (...keys: string[]): Naming =>
  (item, index, parent) => {
    for (const key of keys) {
      const value = item[key];
      if (typeof value === "string" && value.trim()) return slugify(value);
    }
    return parent ? `${parent}-${index + 1}` : `item-${index + 1}`;
  };

const byPosition =
  (prefix: string): Naming =>
  (_item, index, parent) =>
    parent && prefix ? `${parent}-${prefix}${index + 1}` : `${prefix || parent}-${index + 1}`;

const spec = (kind: string, naming: Naming, children: Record<string, Spec> = {}, inheritParent = false): Spec => ({
  kind,
  naming,
  children,
  inheritParent,
});

export const MAP_SPEC: Record<string, Spec> = {
  personas: spec("persona", byName("name")),
  stages: spec("stage", byName("name"), { steps: spec("step", byName("name")) }),
  lanes: spec("lane", byName("title", "kind"), { cards: spec("card", byPosition(""), {}, true) }),
  touchpoints: spec("touchpoint", byPosition("tp")),
  moments_of_truth: spec("moment", byPosition("mot")),
  service_challenges: spec("challenge", byPosition("sc"), {
    contingencies: spec("contingency", byPosition("c"), {}, true),
  }),
  value_moments: spec("value-moment", byPosition("vm")),
  opportunities: spec("opportunity", byPosition("opp"), { hypotheses: spec("hypothesis", byPosition("h"), {}, true) }),
  actors: spec("actor", byName("name")),
  value_flows: spec("flow", byPosition("flow")),
  mental_spaces: spec("space", byName("name"), {
    towers: spec("tower", byName("name"), { boxes: spec("box", byPosition("b"), {}, true) }),
  }),
  supports: spec("support", byPosition("support")),
  comments: spec("comment", byPosition("comment"), { replies: spec("reply", byPosition("r"), {}, true) }),
};

/** Where an element lives in the document. */
export interface Located {
  id: string;
  kind: string;
  ymap: Y.Map<unknown> | null; // null when the list holds a plain object (read-only for the editor)
  array: Y.Array<unknown>;
  index: number;
  parent: Y.Map<unknown>; // the map holding `array`
  key: string; // the key of `array` in `parent`
  explicit: boolean; // the id is written in the document
}

export interface DocIndex {
  /** The map's data as plain JSON, every element with its id (written or made). */
  data: Obj;
  byId: Map<string, Located>;
}

/** An id as text (ids are strings; a number written as an id reads as its digits). */
function idText(value: Json | undefined): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Read the document: plain data with every id filled in, and where each element is. */
export function indexDoc(root: Y.Map<unknown>): DocIndex {
  const data = root.toJSON() as Obj;
  const byId = new Map<string, Located>();
  type Visit = { item: Obj; index: number; spec: Spec; parent: Obj; yparent: Y.Map<unknown>; key: string };
  const visits: Visit[] = [];
  const walk = (obj: Obj, yobj: Y.Map<unknown> | null, specs: Record<string, Spec>) => {
    for (const [key, child] of Object.entries(specs)) {
      const items = obj[key];
      const yitems = yobj?.get(key);
      if (!Array.isArray(items)) continue;
      items.forEach((item, index) => {
        if (!item || typeof item !== "object" || Array.isArray(item)) return;
        const yitem: unknown = yitems instanceof Y.Array ? yitems.get(index) : undefined;
        visits.push({ item, index, spec: child, parent: obj, yparent: yobj as Y.Map<unknown>, key });
        if (yitem instanceof Y.Map) (item as unknown as { __y: Y.Map<unknown> }).__y = yitem;
        walk(item, yitem instanceof Y.Map ? yitem : null, child.children);
      });
    }
  };
  walk(data, root, MAP_SPEC);
  const used = new Set<string>();
  for (const v of visits) if (typeof v.item.id === "string") used.add(v.item.id);
  if (typeof data.id === "string") used.add(data.id);
  for (const v of visits) {
    // an id written in the document is kept whatever its type (validation reports a wrong one), as in Python
    const explicit = "id" in v.item;
    if (!explicit) {
      const parentId = v.spec.inheritParent ? idText(v.parent.id) : "";
      const base = v.spec.naming(v.item, v.index, parentId);
      let candidate = base;
      let n = 2;
      while (used.has(candidate)) candidate = `${base}-${n++}`;
      used.add(candidate);
      v.item.id = candidate;
    }
    const holder = v.item as unknown as { __y?: Y.Map<unknown> };
    const ymap = holder.__y ?? null;
    delete holder.__y;
    const yarr = v.yparent?.get(v.key);
    if (!(yarr instanceof Y.Array)) continue;
    const id = idText(v.item.id);
    if (!byId.has(id)) {
      byId.set(id, {
        id,
        kind: v.spec.kind,
        ymap,
        array: yarr,
        index: v.index,
        parent: v.yparent,
        key: v.key,
        explicit,
      });
    }
  }
  return { data, byId };
}

/** A fresh id: a slug of `text` (or `prefix`), unique in the document. */
export function freshId(idx: DocIndex, prefix: string, text?: string): string {
  const base = text ? `${prefix ? prefix + "-" : ""}${slugify(text, prefix || "item")}`.slice(0, 60) : prefix;
  let n = 1;
  let candidate = text ? base : `${base}-${n}`;
  while (idx.byId.has(candidate) || candidate === idx.data.id) candidate = `${base}-${++n}`;
  return candidate;
}

// -- reading helpers ----------------------------------------------------------------------------------------------

export const arr = (value: Json | undefined): Obj[] =>
  Array.isArray(value) ? (value.filter((v) => v && typeof v === "object" && !Array.isArray(v)) as Obj[]) : [];
export const str = (value: Json | undefined, fallback = ""): string =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : fallback;
export const num = (value: Json | undefined): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;
export const strs = (value: Json | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

export interface StepInfo {
  id: string;
  name: string;
  stageId: string;
  index: number; // column index over all steps
  step: Obj;
}

export function allSteps(data: Obj): StepInfo[] {
  const out: StepInfo[] = [];
  for (const stage of arr(data.stages)) {
    for (const step of arr(stage.steps)) {
      out.push({ id: str(step.id), name: str(step.name), stageId: str(stage.id), index: out.length, step });
    }
  }
  return out;
}

export type Emotion =
  | { kind: "none" }
  | { kind: "estimate"; value: number; note: string }
  | { kind: "measured"; mean: number; n: number; low: number | null; high: number | null; dataset: string };

/** A level with one decimal, rounded once, half up, from its shortest decimal form (6.35 → "6.4", where
 * toFixed(1) gives "6.3": the double 6.35 is 6.3499…); whole numbers as they are. */
export function round1(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return (Math.round(Number((v * 10).toPrecision(12))) / 10).toFixed(1);
}

export function emotionOf(step: Obj): Emotion {
  const e = step.emotion;
  if (typeof e === "number") return { kind: "estimate", value: e, note: "" };
  if (e && typeof e === "object" && !Array.isArray(e)) {
    const mean = num(e.mean);
    if (mean !== null) {
      const ci = Array.isArray(e.ci95) ? e.ci95 : [];
      const [low, high] = [num(ci[0]), num(ci[1])];
      const interval = low !== null && high !== null; // a single rating (n = 1) has none
      return {
        kind: "measured",
        mean,
        n: num(e.n) ?? 0,
        low: interval ? low : null,
        high: interval ? high : null,
        dataset: str(e.dataset),
      };
    }
    const est = num(e.estimate);
    if (est !== null) return { kind: "estimate", value: est, note: str(e.note) };
  }
  return { kind: "none" };
}

/** VMPI of one value moment (VME / VMCE × 100 %), or null when VMCE is 0 or missing. */
export function vmpi(vm: Obj): number | null {
  const vmce = num(vm.vmce);
  const vme = num(vm.vme);
  if (vmce === null || vme === null || vmce === 0) return null;
  return (vme / vmce) * 100;
}

/** The map's VMPI: Σ wᵢ·VMEᵢ / Σ wᵢ·VMCEᵢ × 100 %. */
export function mapVmpi(moments: Obj[]): number | null {
  let top = 0;
  let bottom = 0;
  for (const vm of moments) {
    const vmce = num(vm.vmce);
    const vme = num(vm.vme);
    if (vmce === null || vme === null) continue;
    const w = num(vm.weight) ?? 1;
    top += w * vme;
    bottom += w * vmce;
  }
  return bottom ? (top / bottom) * 100 : null;
}

export interface Band {
  min: number;
  label: string;
  colour: string;
}

/** journeymap.model.DEFAULT_VMPI_BANDS (checked against tests/vectors/vmpi.json). */
export const DEFAULT_BANDS: Band[] = [
  { min: 0, label: "Below expectation", colour: "#e8a0a0" },
  { min: 80, label: "Near expectation", colour: "#f3d58a" },
  { min: 100, label: "Meets or exceeds expectation", colour: "#9fd3a8" },
];

/** The band `value` falls in: the one with the highest `min` not above it (the lowest band if none). */
export function bandOf(value: number, bands: Band[] = DEFAULT_BANDS): Band {
  const ordered = [...bands].sort((a, b) => a.min - b.min);
  let found = ordered[0] ?? DEFAULT_BANDS[0]!;
  for (const band of ordered) if (value >= band.min) found = band;
  return found;
}

/** Resolve a finding's `where` ("stages[1].steps[0].name", "lanes[2].cards[3]") to the deepest element id. */
export function elementAt(data: Obj, where: string): string | null {
  const path = where.replace(/^.*?:\s*/, "").trim();
  const parts = path.match(/[A-Za-z_][A-Za-z0-9_]*|\[\d+\]/g);
  if (!parts) return null;
  let cur: Json | undefined = data;
  let found: string | null = null;
  for (const part of parts) {
    if (cur === null || cur === undefined || typeof cur !== "object") break;
    if (part.startsWith("[")) {
      if (!Array.isArray(cur)) break;
      cur = cur[Number(part.slice(1, -1))];
    } else {
      if (Array.isArray(cur)) break;
      cur = (cur as Obj)[part];
    }
    if (cur && typeof cur === "object" && !Array.isArray(cur) && typeof (cur as Obj).id === "string") {
      found = (cur as Obj).id as string;
    }
  }
  return found;
}

// -- writing helpers ----------------------------------------------------------------------------------------------

/** Run `fn` as one transaction tracked by the undo manager. */
export function edit(doc: Y.Doc, fn: () => void): void {
  doc.transact(fn, ORIGIN);
}

/** A Y.Map (nested objects → Y.Map, lists → Y.Array) holding `value`. */
export function toY(value: Json): unknown {
  if (Array.isArray(value)) {
    const a = new Y.Array<unknown>();
    a.push(value.map(toY));
    return a;
  }
  if (value && typeof value === "object") {
    const m = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(value)) if (v !== undefined) m.set(k, toY(v));
    return m;
  }
  return value;
}

function listOf(parent: Y.Map<unknown>, key: string): Y.Array<unknown> {
  const existing = parent.get(key);
  if (existing instanceof Y.Array) return existing;
  const a = new Y.Array<unknown>();
  parent.set(key, a);
  return a;
}

/** Write the made ids of every element of `array` (and their children), so edits keep them stable. */
export function pinIds(idx: DocIndex, array: Y.Array<unknown>): void {
  for (const loc of idx.byId.values()) {
    if (!loc.explicit && loc.ymap) {
      // pin every element of the list and of lists nested in it
      let inside = loc.array === array;
      let p: Y.AbstractType<unknown> | null = loc.array.parent as Y.AbstractType<unknown> | null;
      while (!inside && p) {
        if (p === array) inside = true;
        p = p.parent as Y.AbstractType<unknown> | null;
      }
      if (inside) {
        loc.ymap.set("id", loc.id);
        loc.explicit = true;
      }
    }
  }
}

function pinOne(loc: Located): void {
  if (!loc.explicit && loc.ymap) {
    loc.ymap.set("id", loc.id);
    loc.explicit = true;
  }
}

export function get(idx: DocIndex, id: string): Located | null {
  return idx.byId.get(id) ?? null;
}

/** Set (or with `undefined`/"" on an optional key, remove) one field of an element. The first real name of a new
 * element gives it its id (see renameFromText): the element's id after the change is returned. */
export function setField(doc: Y.Doc, idx: DocIndex, id: string, key: string, value: Json | undefined): string {
  const loc = get(idx, id);
  if (!loc?.ymap) return id;
  const ymap = loc.ymap;
  let result = id;
  edit(doc, () => {
    // a name-made id would change with the name: pin it first
    if (key === "name" || key === "title" || key === "kind") pinOne(loc);
    if (value === undefined) ymap.delete(key);
    else ymap.set(key, toY(value));
    if (TEXT_KEYS.includes(key) && typeof value === "string") result = renameFromText(doc, idx, loc, value) ?? id;
  });
  return result;
}

/** Remove an element; removing a step also removes everything placed on it, a lane its cards (with it). */
export function removeElement(doc: Y.Doc, idx: DocIndex, id: string): void {
  const loc = get(idx, id);
  if (!loc) return;
  edit(doc, () => {
    pinIds(idx, loc.array);
    if (loc.kind === "step" || loc.kind === "stage") {
      const stepIds = new Set<string>();
      if (loc.kind === "step") stepIds.add(id);
      else for (const s of arr(((loc.ymap?.toJSON() ?? {}) as Obj).steps)) stepIds.add(str(s.id));
      for (const s of stepIds) removeOnStep(idx, s);
    }
    if (loc.kind === "actor") {
      const flows = idx.data.value_flows;
      for (const f of arr(flows)) {
        if (f.source === id || f.target === id) {
          const fl = get(idx, str(f.id));
          if (fl) deleteLoc(fl);
        }
      }
    }
    if (loc.kind === "tower") {
      for (const s of arr(idx.data.supports)) {
        const towers = strs(s.towers);
        if (towers.includes(id)) {
          const sl = get(idx, str(s.id));
          if (sl?.ymap) sl.ymap.set("towers", toY(towers.filter((t) => t !== id)));
        }
      }
    }
    deleteLoc(loc);
  });
}

function deleteLoc(loc: Located): void {
  // the index may be stale inside one transaction (earlier deletes): find the item again
  const at = loc.ymap ? loc.array.toArray().indexOf(loc.ymap) : loc.index;
  if (at >= 0 && at < loc.array.length) loc.array.delete(at, 1);
}

function removeOnStep(idx: DocIndex, stepId: string): void {
  const doomed: Located[] = [];
  for (const loc of idx.byId.values()) {
    if (!loc.ymap) continue;
    if (["card", "touchpoint", "moment", "challenge", "value-moment"].includes(loc.kind)) {
      if (loc.ymap.get("step") === stepId) doomed.push(loc);
    }
  }
  for (const lane of new Set(doomed.map((d) => d.array))) pinIds(idx, lane);
  for (const d of doomed) deleteLoc(d);
}

/** Move an element of a list to `toIndex` of list `key` of `toParent` (same list or another, e.g. a step to another stage). */
export function moveElement(
  doc: Y.Doc,
  idx: DocIndex,
  id: string,
  toParentId: string | null,
  key: string,
  toIndex: number,
): void {
  const loc = get(idx, id);
  if (!loc?.ymap) return;
  const toParent = toParentId === null ? (loc.parent.doc?.getMap("map") ?? null) : (get(idx, toParentId)?.ymap ?? null);
  if (!toParent) return;
  edit(doc, () => {
    pinIds(idx, loc.array);
    const target = listOf(toParent, key);
    if (target !== loc.array) pinIds(idx, target);
    const json = loc.ymap!.toJSON() as Obj;
    json.id = loc.id;
    let at = Math.max(0, Math.min(toIndex, target.length));
    const from = loc.array.toArray().indexOf(loc.ymap!);
    if (target === loc.array && from < at) at -= 1;
    loc.array.delete(from, 1);
    target.insert(Math.min(at, target.length), [toY(json)]);
  });
}

/** Insert a new element (an object, given an id by the caller) into list `key` of `parentId` (null: the map). */
export function insertElement(
  doc: Y.Doc,
  idx: DocIndex,
  parentId: string | null,
  key: string,
  index: number,
  value: Obj,
): void {
  const root = doc.getMap("map") as Y.Map<unknown>;
  const parent = parentId === null ? root : get(idx, parentId)?.ymap;
  if (!parent) return;
  edit(doc, () => {
    const list = listOf(parent, key);
    pinIds(idx, list);
    list.insert(Math.max(0, Math.min(index, list.length)), [toY(value)]);
  });
  markProvisional(doc, key, value);
}

// -- ids from what the user types ---------------------------------------------------------------------------------
// A new element starts with a placeholder name ("New stage") and an id made from it; the first time the user
// commits a real name, the element's id becomes a slug of that name (unique in the map), and every reference to
// it in the map follows. So exported maps have ids like `check-eligibility`, not `new-stage-2`.

/** The prefix of an id made from a name, by the list the element is in (as the add… functions make them). */
const ID_PREFIX: Record<string, string> = {
  stages: "",
  steps: "",
  lanes: "",
  touchpoints: "tp",
  value_moments: "vm",
  service_challenges: "sc",
  contingencies: "ct",
  opportunities: "opp",
  actors: "",
  mental_spaces: "space",
  towers: "t",
  supports: "sup",
};
const TEXT_KEYS = ["name", "title", "text"];
const PLACEHOLDER = /^New\b/;
const provisional = new WeakMap<Y.Doc, Map<string, string>>();
const renamed = new WeakMap<Y.Doc, Map<string, string>>();

/** True for a placeholder text ("New stage", "New touchpoint"…) that gives no id. */
export function isPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text.trim());
}

function markProvisional(doc: Y.Doc, key: string, value: Obj): void {
  const prefix = ID_PREFIX[key];
  if (prefix === undefined || typeof value.id !== "string") return;
  const text = TEXT_KEYS.map((k) => value[k]).find((v) => typeof v === "string");
  if (typeof text === "string" && isPlaceholder(text)) {
    const map = provisional.get(doc) ?? new Map<string, string>();
    map.set(value.id, prefix);
    provisional.set(doc, map);
  }
  for (const [childKey, child] of Object.entries(value)) {
    if (Array.isArray(child)) for (const item of arr(child)) markProvisional(doc, childKey, item);
  }
}

/** The id an element got when it was renamed in this session (for a selection that still has the old one). */
export function renamedTo(doc: Y.Doc, id: string): string | null {
  let current = renamed.get(doc)?.get(id) ?? null;
  for (let guard = 0; current && guard < 10; guard++) {
    const next = renamed.get(doc)?.get(current);
    if (!next) break;
    current = next;
  }
  return current;
}

/** Every reference to `from` in the map (a step's cards, a stage's steps, a flow's ends…) made `to`. */
function rewriteRefs(node: Y.Map<unknown> | Y.Array<unknown>, from: string, to: string): void {
  if (node instanceof Y.Array) {
    node.toArray().forEach((item, i) => {
      if (item === from) {
        node.delete(i, 1);
        node.insert(i, [to]);
      } else if (item instanceof Y.Map || item instanceof Y.Array) rewriteRefs(item, from, to);
    });
    return;
  }
  node.forEach((value, key) => {
    if (key === "id" || TEXT_KEYS.includes(key)) return;
    if (value === from) node.set(key, to);
    else if (value instanceof Y.Map || value instanceof Y.Array) rewriteRefs(value, from, to);
  });
}

/** When `id` still has its placeholder's id and `text` is its first real name: the id made from the name (the
 * element and the references to it are changed in the caller's transaction); otherwise null. */
function renameFromText(doc: Y.Doc, idx: DocIndex, loc: Located, text: string): string | null {
  const prefix = provisional.get(doc)?.get(loc.id);
  if (prefix === undefined || !loc.ymap || !text.trim() || isPlaceholder(text)) return null;
  provisional.get(doc)!.delete(loc.id);
  const to = freshId(idx, prefix, text);
  if (to === loc.id) return null;
  loc.ymap.set("id", to);
  rewriteRefs(doc.getMap("map") as Y.Map<unknown>, loc.id, to);
  const layout = doc.getMap("layout");
  const position = layout.get(loc.id);
  if (position !== undefined) {
    layout.delete(loc.id);
    layout.set(to, position);
  }
  const map = renamed.get(doc) ?? new Map<string, string>();
  map.set(loc.id, to);
  renamed.set(doc, map);
  return to;
}

export function indexIn(idx: DocIndex, id: string): number {
  const loc = get(idx, id);
  if (!loc) return -1;
  return loc.ymap ? loc.array.toArray().indexOf(loc.ymap) : loc.index;
}

// -- timeline operations --------------------------------------------------------------------------------------------

export function addStage(doc: Y.Doc, idx: DocIndex, name: string, index: number): string {
  const id = freshId(idx, "", name);
  insertElement(doc, idx, null, "stages", index, { id, name, steps: [{ id: freshId(idx, "", `${name} step`), name: "New step" }] });
  return id;
}

/** Add a step after step `afterId` (or at the end of the first stage / of stage `stageId`). */
export function addStep(doc: Y.Doc, idx: DocIndex, opts: { afterId?: string | null; stageId?: string | null; name?: string }): string | null {
  const name = opts.name ?? "New step";
  const id = freshId(idx, "step", name === "New step" ? undefined : name);
  if (opts.afterId) {
    const loc = get(idx, opts.afterId);
    if (loc?.kind === "step") {
      const stageLoc = [...idx.byId.values()].find((l) => l.kind === "stage" && l.ymap?.get("steps") === loc.array);
      if (stageLoc) {
        insertElement(doc, idx, stageLoc.id, "steps", indexIn(idx, opts.afterId) + 1, { id, name });
        return id;
      }
    }
  }
  const stages = arr(idx.data.stages);
  const stageId = opts.stageId ?? (stages.length ? str(stages[stages.length - 1]!.id) : null);
  if (!stageId) {
    const sid = freshId(idx, "stage");
    insertElement(doc, idx, null, "stages", 0, { id: sid, name: "New stage", steps: [{ id, name }] });
    return id;
  }
  const stage = arr(idx.data.stages).find((s) => s.id === stageId);
  insertElement(doc, idx, stageId, "steps", arr(stage?.steps).length, { id, name });
  return id;
}

export function addLane(doc: Y.Doc, idx: DocIndex, kind: string, title: string | null, index: number): string {
  const id = freshId(idx, "", title || kind);
  const lane: Obj = { id, kind };
  if (title) lane.title = title;
  insertElement(doc, idx, null, "lanes", index, lane);
  return id;
}

export function addCard(doc: Y.Doc, idx: DocIndex, laneId: string, stepId: string, text: string): string {
  const lane = arr(idx.data.lanes).find((l) => l.id === laneId);
  const cards = arr(lane?.cards);
  const id = freshId(idx, laneId);
  // after the last card on the same step, so cards keep their order
  let at = cards.length;
  for (let i = cards.length - 1; i >= 0; i--) {
    if (cards[i]!.step === stepId) {
      at = i + 1;
      break;
    }
  }
  insertElement(doc, idx, laneId, "cards", at, { id, step: stepId, text });
  return id;
}

/** Move a card to another lane and / or step (appended after the cards of that cell). */
export function moveCard(doc: Y.Doc, idx: DocIndex, cardId: string, laneId: string, stepId: string): void {
  const loc = get(idx, cardId);
  const lane = get(idx, laneId);
  if (!loc?.ymap || !lane?.ymap) return;
  edit(doc, () => {
    pinIds(idx, loc.array);
    const target = listOf(lane.ymap!, "cards");
    pinIds(idx, target);
    const json = loc.ymap!.toJSON() as Obj;
    json.id = loc.id;
    json.step = stepId;
    const from = loc.array.toArray().indexOf(loc.ymap!);
    loc.array.delete(from, 1);
    const items = target.toArray().map((c) => (c instanceof Y.Map ? (c.get("step") as unknown) : null));
    let at = items.length;
    const last = items.lastIndexOf(stepId);
    if (last >= 0) at = last + 1;
    target.insert(at, [toY(json)]);
  });
}

/** Set a step's estimated emotion (1–10, rounded to halves); measured values are never overwritten. */
export function setEmotion(doc: Y.Doc, idx: DocIndex, stepId: string, value: number): boolean {
  const loc = get(idx, stepId);
  if (!loc?.ymap) return false;
  const v = Math.max(1, Math.min(10, Math.round(value * 2) / 2));
  const current = loc.ymap.get("emotion");
  if (current instanceof Y.Map && current.get("mean") !== undefined) return false;
  edit(doc, () => {
    pinOne(loc);
    if (current instanceof Y.Map) current.set("estimate", v);
    else loc.ymap!.set("emotion", v);
  });
  return true;
}

/** Moments of truth placed on a step. */
export function momentsOn(data: Obj, stepId: string): Obj[] {
  return arr(data.moments_of_truth).filter((m) => m.step === stepId);
}

export function toggleMomentOfTruth(doc: Y.Doc, idx: DocIndex, stepId: string): void {
  const existing = momentsOn(idx.data, stepId);
  const step = allSteps(idx.data).find((s) => s.id === stepId);
  if (!step) return;
  if (existing.length) {
    edit(doc, () => {
      const first = get(idx, str(existing[0]!.id));
      if (first) pinIds(idx, first.array);
      for (const m of existing) {
        const l = get(idx, str(m.id));
        if (l) deleteLoc(l);
      }
    });
    return;
  }
  const id = freshId(idx, "mot", step.name);
  const list = arr(idx.data.moments_of_truth);
  insertElement(doc, idx, null, "moments_of_truth", list.length, {
    id,
    step: stepId,
    title: step.name,
    importance: 5,
    estimated: true,
  });
}

export function addTouchpoint(doc: Y.Doc, idx: DocIndex, stepId: string, name: string): string {
  const id = freshId(idx, "tp", name);
  insertElement(doc, idx, null, "touchpoints", arr(idx.data.touchpoints).length, {
    id,
    step: stepId,
    name,
    channel: "web",
    kind: "interactive",
  });
  return id;
}

export function addValueMoment(doc: Y.Doc, idx: DocIndex, stepId: string, name: string): string {
  const id = freshId(idx, "vm", name);
  insertElement(doc, idx, null, "value_moments", arr(idx.data.value_moments).length, {
    id,
    step: stepId,
    name,
    vmce: 8,
    vme: 6,
    weight: 1,
  });
  return id;
}

/** A service challenge on a step, with a first contingency (one transaction). Returns the challenge's id. */
export function addChallenge(doc: Y.Doc, idx: DocIndex, stepId: string, text: string, contingency: string): string {
  const id = freshId(idx, "sc", text);
  let cid = freshId(idx, "ct", contingency);
  if (cid === id) cid = `${cid}-c`;
  insertElement(doc, idx, null, "service_challenges", arr(idx.data.service_challenges).length, {
    id,
    step: stepId,
    text,
    contingencies: [{ id: cid, text: contingency }],
  });
  return id;
}

/** A contingency appended to a service challenge. Returns its id. */
export function addContingency(doc: Y.Doc, idx: DocIndex, challengeId: string, text: string): string {
  const sc = arr(idx.data.service_challenges).find((s) => s.id === challengeId);
  const id = freshId(idx, "ct", text);
  insertElement(doc, idx, challengeId, "contingencies", arr(sc?.contingencies).length, { id, text });
  return id;
}

/** An opportunity concerning one step. Returns its id. */
export function addOpportunity(doc: Y.Doc, idx: DocIndex, stepId: string, text: string): string {
  const id = freshId(idx, "opp", text);
  insertElement(doc, idx, null, "opportunities", arr(idx.data.opportunities).length, { id, text, steps: [stepId] });
  return id;
}

export function toggleInList(doc: Y.Doc, idx: DocIndex, id: string, key: string, value: string): void {
  const loc = get(idx, id);
  if (!loc?.ymap) return;
  const ymap = loc.ymap;
  const current = strs(((ymap.toJSON() as Obj)[key] ?? []) as Json);
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  edit(doc, () => {
    pinOne(loc);
    if (next.length) ymap.set(key, toY(next));
    else ymap.delete(key);
  });
}

// -- network (ecosystem map) ----------------------------------------------------------------------------------------

export function addActor(doc: Y.Doc, idx: DocIndex, name: string, kind = "other"): string {
  const id = freshId(idx, "", name);
  insertElement(doc, idx, null, "actors", arr(idx.data.actors).length, { id, name, kind });
  return id;
}

export function addFlow(doc: Y.Doc, idx: DocIndex, source: string, target: string, label = "New value flow"): string {
  const id = freshId(idx, "flow", `${source} ${target}`);
  insertElement(doc, idx, null, "value_flows", arr(idx.data.value_flows).length, {
    id,
    source,
    target,
    label,
    kind: "other",
  });
  return id;
}

/** Actor positions live beside the map (root Y.Map "layout"), not in the map file. */
export function setPosition(doc: Y.Doc, id: string, x: number, y: number): void {
  doc.transact(() => {
    doc.getMap("layout").set(id, { x: Math.round(x), y: Math.round(y) });
  }, ORIGIN);
}

// -- mental model -------------------------------------------------------------------------------------------------

export function addBox(doc: Y.Doc, idx: DocIndex, towerId: string, text: string, index?: number): string {
  const id = freshId(idx, towerId);
  const tower = get(idx, towerId);
  const n = (tower?.ymap?.get("boxes") as Y.Array<unknown> | undefined)?.length ?? 0;
  insertElement(doc, idx, towerId, "boxes", index ?? n, { id, text });
  return id;
}

export function addTower(doc: Y.Doc, idx: DocIndex, spaceId: string, name: string): string {
  const id = freshId(idx, "t", name);
  const space = get(idx, spaceId);
  const n = (space?.ymap?.get("towers") as Y.Array<unknown> | undefined)?.length ?? 0;
  insertElement(doc, idx, spaceId, "towers", n, { id, name, boxes: [] });
  return id;
}

export function addSpace(doc: Y.Doc, idx: DocIndex, name: string): string {
  const id = freshId(idx, "space", name);
  insertElement(doc, idx, null, "mental_spaces", arr(idx.data.mental_spaces).length, {
    id,
    name,
    towers: [{ id: freshId(idx, "t", `${name} tower`), name: "New tower", boxes: [] }],
  });
  return id;
}

export function addSupport(doc: Y.Doc, idx: DocIndex, towerId: string, text: string): string {
  const id = freshId(idx, "sup", text);
  insertElement(doc, idx, null, "supports", arr(idx.data.supports).length, { id, text, towers: [towerId] });
  return id;
}

/** Move a support from tower `from` to tower `to` (kept once when it already supports `to`). */
export function moveSupport(doc: Y.Doc, idx: DocIndex, supportId: string, from: string | null, to: string): void {
  const loc = get(idx, supportId);
  if (!loc?.ymap) return;
  const towers = strs((loc.ymap.toJSON() as Obj).towers);
  const next: string[] = [];
  for (const t of towers) {
    const v = t === from ? to : t;
    if (!next.includes(v)) next.push(v);
  }
  if (!next.includes(to)) next.push(to);
  edit(doc, () => {
    pinOne(loc);
    loc.ymap!.set("towers", toY(next));
  });
}
