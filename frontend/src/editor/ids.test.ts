// New elements get their ids from what the user types, not from their placeholder names (model.ts).
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addCard,
  addChallenge,
  addStage,
  addStep,
  addTouchpoint,
  allSteps,
  arr,
  indexDoc,
  isPlaceholder,
  renamedTo,
  setField,
  slugify,
  toY,
  type Obj,
} from "./model";

function live(data: Obj): { doc: Y.Doc; index: () => ReturnType<typeof indexDoc>; json: () => Obj } {
  const doc = new Y.Doc();
  const root = doc.getMap("map");
  doc.transact(() => {
    for (const [key, value] of Object.entries(data)) root.set(key, toY(value));
  });
  return { doc, index: () => indexDoc(root), json: () => root.toJSON() as Obj };
}

const journey = (): Obj => ({
  id: "loan",
  title: "Loan",
  stages: [{ id: "apply", name: "Apply", steps: [{ id: "fill-the-form", name: "Fill the form" }] }],
  lanes: [{ id: "actions", kind: "actions", cards: [] }],
});

describe("ids from what the user types", () => {
  it("names a new stage's id after the name first committed, not after 'New stage'", () => {
    const m = live(journey());
    const placeholder = addStage(m.doc, m.index(), "New stage", 1);
    expect(placeholder).toBe("new-stage");
    const id = setField(m.doc, m.index(), placeholder, "name", "Check eligibility");
    expect(id).toBe("check-eligibility");
    expect(arr(m.json().stages).map((s) => s.id)).toEqual(["apply", "check-eligibility"]);
    expect(renamedTo(m.doc, placeholder)).toBe("check-eligibility");
    // a second rename keeps the id (ids are stable once named)
    expect(setField(m.doc, m.index(), id, "name", "Eligibility")).toBe("check-eligibility");
  });

  it("names a new step and moves every reference to it", () => {
    const m = live(journey());
    const step = addStep(m.doc, m.index(), { afterId: "fill-the-form" })!;
    addCard(m.doc, m.index(), "actions", step, "a card typed before the step was named");
    const id = setField(m.doc, m.index(), step, "name", "Upload documents");
    expect(id).toBe("upload-documents");
    expect(allSteps(m.json()).map((s) => s.id)).toEqual(["fill-the-form", "upload-documents"]);
    expect(arr(arr(m.json().lanes)[0]!.cards).map((c) => c.step)).toEqual(["upload-documents"]);
  });

  it("keeps the type's prefix and makes the id unique", () => {
    const m = live({ ...journey(), touchpoints: [{ id: "tp-website", step: "fill-the-form", name: "Website" }] });
    const tp = addTouchpoint(m.doc, m.index(), "fill-the-form", "New touchpoint");
    expect(setField(m.doc, m.index(), tp, "name", "Website")).toBe("tp-website-2");
    const sc = addChallenge(m.doc, m.index(), "fill-the-form", "New challenge", "New contingency");
    expect(setField(m.doc, m.index(), sc, "text", "Upload fails on phones")).toBe("sc-upload-fails-on-phones");
  });

  it("keeps a placeholder's id while the name is still a placeholder or empty", () => {
    const m = live(journey());
    const stage = addStage(m.doc, m.index(), "New stage", 1);
    expect(setField(m.doc, m.index(), stage, "name", "New stage 2")).toBe(stage);
    expect(setField(m.doc, m.index(), stage, "name", "")).toBe(stage);
    expect(isPlaceholder("New touchpoint")).toBe(true);
    expect(isPlaceholder("Newsletter sign-up")).toBe(false);
  });

  it("never renames an element the map already had", () => {
    const m = live(journey());
    expect(setField(m.doc, m.index(), "apply", "name", "Apply online")).toBe("apply");
  });

  it("makes ids with the same slug rule as the Python side", () => {
    const m = live(journey());
    const stage = addStage(m.doc, m.index(), "New stage", 1);
    const text = "Sign & return the offer — today!";
    expect(setField(m.doc, m.index(), stage, "name", text)).toBe(slugify(text));
    expect(slugify(text)).toBe("sign-return-the-offer-today");
  });
});
