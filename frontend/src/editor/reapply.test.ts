import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { merge3, reconcileMap, same } from "./reapply";
import type { Json, Obj } from "./model";
import { toY } from "./model";

const card = (id: string, text: string): Obj => ({ id, text });

const base: Obj = {
  title: "Home loan",
  stages: [
    { id: "apply", name: "Apply", steps: [{ id: "s1", name: "Estimate" }, { id: "s2", name: "Upload" }] },
    { id: "wait", name: "Wait", steps: [{ id: "s3", name: "Wait for decision" }] },
  ],
  lanes: [{ id: "pains", cards: [card("c1", "Slow"), card("c2", "Unclear fees")] }],
  tags: ["loan", "digital"],
};

const clone = (value: Obj): Obj => JSON.parse(JSON.stringify(value)) as Obj;

describe("three-way merge of unsaved changes", () => {
  it("keeps the server's data when nothing is unsaved, and mine when the server did not move", () => {
    const theirs = clone(base);
    theirs.title = "Home loan (team)";
    expect(merge3(base, clone(base), theirs)).toEqual(theirs);
    const mine = clone(base);
    mine.title = "Mine";
    expect(merge3(base, mine, clone(base))).toEqual(mine);
  });

  it("re-applies my field edit next to someone else's edit of another field of the same element", () => {
    const mine = clone(base);
    (mine.stages as Obj[])[0].name = "Apply online";
    const theirs = clone(base);
    ((theirs.stages as Obj[])[0].steps as Obj[])[1].name = "Upload documents";
    const merged = merge3(base, mine, theirs) as Obj;
    expect((merged.stages as Obj[])[0].name).toBe("Apply online");
    expect(((merged.stages as Obj[])[0].steps as Obj[])[1].name).toBe("Upload documents");
  });

  it("keeps elements added on either side, in place, and drops those deleted on either side", () => {
    const mine = clone(base);
    const myCards = (mine.lanes as Obj[])[0].cards as Obj[];
    myCards.splice(1, 0, card("c9", "Mine, between"));
    (mine.stages as Obj[]).splice(1, 1); // I deleted the stage "wait"
    const theirs = clone(base);
    const theirCards = (theirs.lanes as Obj[])[0].cards as Obj[];
    theirCards.push(card("c8", "Theirs, at the end"));
    theirCards.splice(0, 1); // they deleted c1
    const merged = merge3(base, mine, theirs) as Obj;
    expect(((merged.lanes as Obj[])[0].cards as Obj[]).map((c) => c.id)).toEqual(["c9", "c2", "c8"]);
    expect((merged.stages as Obj[]).map((s) => s.id)).toEqual(["apply"]);
  });

  it("lets my change win where both changed the same value; lists without ids are taken whole", () => {
    const mine = clone(base);
    mine.title = "Mine";
    mine.tags = ["loan"];
    const theirs = clone(base);
    theirs.title = "Theirs";
    theirs.tags = ["loan", "digital", "branch"];
    const merged = merge3(base, mine, theirs) as Obj;
    expect(merged.title).toBe("Mine");
    expect(merged.tags).toEqual(["loan"]);
  });

  it("removes a key I removed, keeps one they added", () => {
    const mine = clone(base);
    delete mine.tags;
    const theirs = clone(base);
    theirs.persona = "priya";
    expect(merge3(base, mine, theirs)).toEqual({ ...clone(base), tags: undefined, persona: "priya" } as unknown as Json);
    expect("tags" in (merge3(base, mine, theirs) as Obj)).toBe(false);
  });
});

describe("writing the merged data into the new document", () => {
  function docWith(data: Obj): { doc: Y.Doc; root: Y.Map<unknown> } {
    const doc = new Y.Doc();
    const root = doc.getMap<unknown>("map");
    doc.transact(() => {
      for (const [key, value] of Object.entries(data)) root.set(key, toY(value));
    });
    return { doc, root };
  }

  it("changes only what differs: kept elements stay the same Y types", () => {
    const { doc, root } = docWith(base);
    const lane = ((root.get("lanes") as Y.Array<unknown>).get(0) as Y.Map<unknown>).get("cards") as Y.Array<unknown>;
    const firstCard = lane.get(0);
    const stages = root.get("stages") as Y.Array<unknown>;
    const target = clone(base);
    (target.lanes as Obj[])[0].cards = [card("c1", "Slow"), card("c7", "New"), card("c2", "Unclear fees")];
    ((target.stages as Obj[])[1].steps as Obj[])[0].name = "Wait";
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    doc.transact(() => reconcileMap(root, target));
    expect(same(root.toJSON() as Json, target)).toBe(true);
    expect(lane.get(0)).toBe(firstCard);
    expect(root.get("stages")).toBe(stages);
    expect(updates).toHaveLength(1);
    const before = updates.length;
    doc.transact(() => reconcileMap(root, target)); // nothing differs: nothing written
    expect(updates).toHaveLength(before);
  });

  it("another client receiving the change sees the merged map", () => {
    const { doc, root } = docWith(base);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const target = clone(base);
    delete target.tags;
    (target.stages as Obj[]).reverse();
    doc.on("update", (update: Uint8Array) => Y.applyUpdate(other, update));
    doc.transact(() => reconcileMap(root, target));
    expect(other.getMap("map").toJSON()).toEqual(target);
  });
});
