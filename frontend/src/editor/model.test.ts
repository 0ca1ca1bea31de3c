import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addCard,
  elementAt,
  emotionOf,
  freshId,
  indexDoc,
  moveSupport,
  removeElement,
  round1,
  setEmotion,
  setField,
  toY,
  type Obj,
} from "./model";

/** A live document holding `data` (root Y.Map "map"), and a fresh index of it. */
function live(data: Obj): { doc: Y.Doc; root: Y.Map<unknown>; index: () => ReturnType<typeof indexDoc> } {
  const doc = new Y.Doc();
  const root = doc.getMap("map");
  doc.transact(() => {
    for (const [key, value] of Object.entries(data)) root.set(key, toY(value));
  });
  return { doc, root, index: () => indexDoc(root) };
}

const journey = (): Obj => ({
  id: "loan",
  title: "Loan",
  stages: [{ name: "Apply", steps: [{ name: "Fill the form" }, { name: "Upload documents", emotion: 4 }] }],
  lanes: [
    {
      kind: "actions",
      cards: [
        { step: "fill-the-form", text: "types" },
        { step: "upload-documents", text: "scans" },
      ],
    },
  ],
  touchpoints: [{ step: "upload-documents", name: "Upload page" }],
});

describe("ids made by the editor", () => {
  it("freshId makes a slug unique in the document", () => {
    const { index } = live(journey());
    const idx = index();
    expect(freshId(idx, "tp", "Call centre")).toBe("tp-call-centre");
    expect(freshId(idx, "", "Fill the form")).toBe("fill-the-form-2");
    expect(freshId(idx, "", "Loan")).toBe("loan-2");
    expect(freshId(idx, "actions")).toBe("actions-3");
  });

  it("renaming a step keeps its made id (it is written into the document first)", () => {
    const { doc, root, index } = live(journey());
    setField(doc, index(), "fill-the-form", "name", "Complete the application");
    const idx = index();
    expect(idx.byId.get("fill-the-form")?.explicit).toBe(true);
    expect(idx.byId.has("complete-the-application")).toBe(false);
    // cards that point at the step still point at it
    expect((root.toJSON() as Obj).lanes).toMatchObject([{ cards: [{ step: "fill-the-form" }, {}] }]);
  });
});

describe("edits", () => {
  it("a card goes after the last card of its step, and the cards' made ids stay put", () => {
    const { doc, root, index } = live(journey());
    const id = addCard(doc, index(), "actions", "fill-the-form", "reads the terms");
    const cards = ((root.toJSON() as { lanes: Obj[] }).lanes[0]!.cards as Obj[]).map((c) => [c.id, c.text]);
    expect(cards).toEqual([
      ["actions-1", "types"],
      [id, "reads the terms"],
      ["actions-2", "scans"],
    ]);
    expect(id).toBe("actions-3");
  });

  it("removing a step removes what is placed on it", () => {
    const { doc, root, index } = live(journey());
    removeElement(doc, index(), "upload-documents");
    const data = root.toJSON() as Obj;
    expect(data.touchpoints).toEqual([]);
    expect((data.lanes as Obj[])[0]!.cards).toEqual([{ id: "actions-1", step: "fill-the-form", text: "types" }]);
    expect(index().byId.has("upload-documents")).toBe(false);
  });

  it("setEmotion rounds to halves within 1–10 and never overwrites a measured emotion", () => {
    const data = journey();
    (data.stages as Obj[])[0]!.steps = [
      { id: "a", name: "A" },
      { id: "b", name: "B", emotion: { mean: 6.2, n: 40, ci95: [5.8, 6.6] } },
    ];
    const { doc, index } = live(data);
    expect(setEmotion(doc, index(), "a", 7.3)).toBe(true);
    expect(emotionOf(index().byId.get("a")!.ymap!.toJSON() as Obj)).toEqual({ kind: "estimate", value: 7.5, note: "" });
    setEmotion(doc, index(), "a", 42);
    expect(index().data.stages).toMatchObject([{ steps: [{ emotion: 10 }, {}] }]);
    expect(setEmotion(doc, index(), "b", 2)).toBe(false);
  });

  it("moving a support between towers keeps each tower once", () => {
    const { doc, index } = live({ supports: [{ id: "s", text: "t", towers: ["t1", "t2"] }] });
    moveSupport(doc, index(), "s", "t1", "t2");
    expect(index().data.supports).toEqual([{ id: "s", text: "t", towers: ["t2"] }]);
  });
});

describe("reading", () => {
  it("emotionOf reads estimates, measured values and their absence", () => {
    expect(emotionOf({ emotion: 3 })).toEqual({ kind: "estimate", value: 3, note: "" });
    expect(emotionOf({ emotion: { estimate: 5, note: "guess" } })).toEqual({ kind: "estimate", value: 5, note: "guess" });
    expect(emotionOf({ emotion: { mean: 6, n: 12, ci95: [5, 7], dataset: "nps" } })).toEqual({
      kind: "measured",
      mean: 6,
      n: 12,
      low: 5,
      high: 7,
      dataset: "nps",
    });
    // a single rating has no interval (issue 13): none is made up from the mean
    expect(emotionOf({ emotion: { mean: 6, n: 1, dataset: "nps" } })).toMatchObject({ kind: "measured", low: null, high: null });
    expect(emotionOf({})).toEqual({ kind: "none" });
    expect(emotionOf({ emotion: "high" })).toEqual({ kind: "none" });
  });

  it("round1 rounds a level once, half up (issue 13, defect 6)", () => {
    expect([6.3503, 6.35, 6.25, 6.34999, 7, 9.95].map(round1)).toEqual(["6.4", "6.4", "6.3", "6.3", "7", "10.0"]);
  });

  it("elementAt resolves a finding's place to the deepest element with an id", () => {
    const data = live(journey()).index().data;
    expect(elementAt(data, "stages[0].steps[1].name")).toBe("upload-documents");
    expect(elementAt(data, "maps/loan.yaml: lanes[0].cards[1]")).toBe("actions-2");
    expect(elementAt(data, "stages[0].steps[9]")).toBe("apply");
    expect(elementAt(data, "")).toBeNull();
  });
});
