// Re-applying unsaved changes to a new generation of a map's document.
//
// When the server rebuilds a map's live document (its history outgrew its data: docs/studio.md, "Generations"), a
// tab holding the old document must not merge it into the new one (every element would be doubled). It opens the
// map again with a new document; the changes the server had not acknowledged are then re-applied as data: a
// three-way merge of the map as it was before them (`base`), as this tab has it (`mine`) and as the server has it
// now (`theirs`), written into the new document with the fewest changes.

import * as Y from "yjs";
import { type Json, type Obj, toY } from "./model";

const isObj = (value: Json | undefined): value is Obj =>
  !!value && typeof value === "object" && !Array.isArray(value);

/** Deep equality of JSON values (object keys in any order). */
export function same(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => same(item, b[i]));
  if (isObj(a) && isObj(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && same(a[key], b[key]));
  }
  return false;
}

function idOf(value: Json | undefined): string | null {
  return isObj(value) && typeof value.id === "string" ? value.id : null;
}

/** Whether every item is an object with a string id, each id once (a list of elements). */
function byIds(items: Json[]): Map<string, Json> | null {
  const found = new Map<string, Json>();
  for (const item of items) {
    const id = idOf(item);
    if (id === null || found.has(id)) return null;
    found.set(id, item);
  }
  return found;
}

/** `mine`'s changes since `base` applied to `theirs`: what the map becomes when this tab's unsaved changes are
 * re-applied to what the server holds now. Where both changed the same value, this tab's change wins (it is the
 * newest intent of the person looking at it); elements added on either side are kept, elements deleted on either
 * side are gone. `undefined` means "no value" (a key removed). */
export function merge3(base: Json | undefined, mine: Json | undefined, theirs: Json | undefined): Json | undefined {
  if (same(mine, base)) return theirs;
  if (same(theirs, base) || same(mine, theirs)) return mine;
  if (isObj(mine) && isObj(theirs)) {
    const before = isObj(base) ? base : {};
    const out: Obj = {};
    for (const key of new Set([...Object.keys(theirs), ...Object.keys(mine)])) {
      const value = merge3(before[key], mine[key], theirs[key]);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  if (Array.isArray(mine) && Array.isArray(theirs)) {
    const merged = mergeLists(Array.isArray(base) ? base : [], mine, theirs);
    if (merged) return merged;
  }
  return mine;
}

/** Lists of elements with ids merged element by element, in `theirs`' order with `mine`'s additions placed after
 * the element they follow in `mine`; null when the lists are not lists of elements. */
function mergeLists(base: Json[], mine: Json[], theirs: Json[]): Json[] | null {
  const baseIds = byIds(base);
  const mineIds = byIds(mine);
  const theirIds = byIds(theirs);
  if (!baseIds || !mineIds || !theirIds) return null;
  const out: Json[] = [];
  for (const item of theirs) {
    const id = idOf(item) as string;
    if (mineIds.has(id)) {
      const value = merge3(baseIds.get(id), mineIds.get(id), item);
      if (value !== undefined) out.push(value);
    } else if (!baseIds.has(id)) out.push(item); // added by someone else
    // else: deleted here
  }
  let after: string | null = null;
  for (const item of mine) {
    const id = idOf(item) as string;
    if (!baseIds.has(id) && !theirIds.has(id)) {
      const at = after === null ? 0 : out.findIndex((other) => idOf(other) === after) + 1;
      out.splice(at, 0, item); // added here (an element deleted by someone else stays deleted)
    }
    if (out.some((other) => idOf(other) === id)) after = id;
  }
  return out;
}

/** Change `ymap` to hold `data`, changing only what differs (as the server's `ydoc.reconcile`). Call it inside a
 * transaction. */
export function reconcileMap(ymap: Y.Map<unknown>, data: Obj): void {
  for (const key of [...ymap.keys()]) if (!(key in data)) ymap.delete(key);
  for (const [key, value] of Object.entries(data)) {
    if (!reconcileInPlace(ymap.get(key), value)) ymap.set(key, toY(value));
  }
}

function reconcileInPlace(current: unknown, value: Json): boolean {
  if (current instanceof Y.Map && isObj(value)) {
    reconcileMap(current as Y.Map<unknown>, value);
    return true;
  }
  if (current instanceof Y.Array && Array.isArray(value)) {
    reconcileArray(current as Y.Array<unknown>, value);
    return true;
  }
  return !(current instanceof Y.AbstractType) && current !== undefined && same(current as Json, value);
}

function plain(value: unknown): Json {
  return value instanceof Y.AbstractType ? (value.toJSON() as Json) : (value as Json);
}

/** The items kept where they are: the common start and end (same id, or the same value), the rest replaced. */
function reconcileArray(yarray: Y.Array<unknown>, items: Json[]): void {
  const current = yarray.toArray();
  const matches = (i: number, j: number) => {
    const id = idOf(items[j]);
    return id !== null ? idOf(plain(current[i])) === id : same(plain(current[i]), items[j]);
  };
  let start = 0;
  while (start < current.length && start < items.length && matches(start, start)) start++;
  let end = 0;
  while (
    end < current.length - start &&
    end < items.length - start &&
    matches(current.length - 1 - end, items.length - 1 - end)
  )
    end++;
  for (let i = 0; i < start; i++) reconcileKept(yarray, i, current[i], items[i]);
  for (let k = 0; k < end; k++)
    reconcileKept(yarray, current.length - 1 - k, current[current.length - 1 - k], items[items.length - 1 - k]);
  const removed = current.length - start - end;
  if (removed > 0) yarray.delete(start, removed);
  const added = items.slice(start, items.length - end);
  if (added.length) yarray.insert(start, added.map(toY));
}

function reconcileKept(yarray: Y.Array<unknown>, index: number, current: unknown, value: Json): void {
  if (reconcileInPlace(current, value)) return;
  yarray.delete(index, 1);
  yarray.insert(index, [toY(value)]);
}
