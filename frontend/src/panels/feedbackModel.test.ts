import { describe, expect, it } from "vitest";
import {
  NO_ELEMENT,
  barShare,
  confirmation,
  elementChoices,
  elementName,
  feedbackState,
  heatColour,
  measureOf,
  measureTitle,
  openStep,
  pageLabel,
  setFeedback,
  type Feedback,
  type FeedbackComment,
} from "./feedbackModel";

const FEEDBACK: Feedback = {
  upload: { id: 1, filename: "comments.csv", columns: ["id", "text"], text_column: "text", comments: 10, skipped: 0 },
  elements: [
    { id: "apply", name: "Apply", kind: "step", step: "apply" },
    { id: "wait", name: "Wait", kind: "step", step: "wait" },
    { id: "tp-app", name: "The app", kind: "touchpoint", step: "apply" },
  ],
  measures: [
    { element: "apply", comments: 8, negative: 2, share_negative: 0.25, low: 0.07, high: 0.59, themes: [] },
    { element: "wait", comments: 2, negative: 2, share_negative: 1, low: 0.34, high: 1, themes: ["waiting"] },
    { element: "tp-app", comments: 20, negative: 0, share_negative: 0, low: 0, high: 0.16, themes: [] },
  ],
  unplaced: 3,
  confirmations: 4,
  suggestions: [],
  problems: [],
};

const COMMENT: FeedbackComment = {
  row: 7,
  id: "C-7",
  text: "Waited three weeks",
  element: "wait",
  element_score: 0.4,
  sentiment: "negative",
  sentiment_score: 0.9,
  themes: [],
  confirmed: false,
  confirmed_element: null,
  confirmed_sentiment: null,
};

describe("heat strip", () => {
  it("colours from green through amber to red, grey without comments", () => {
    expect(heatColour(0)).toBe("hsl(130 62% 88%)");
    expect(heatColour(0.6)).toBe("hsl(0 62% 72%)");
    expect(heatColour(0.9)).toBe(heatColour(0.6));
    expect(heatColour(0.3)).toBe("hsl(65 62% 80%)");
    expect(heatColour(0.5, 0)).toBe(heatColour(null));
  });

  it("draws a step's bar against the busiest step (touchpoints not counted), never invisible", () => {
    expect(barShare(FEEDBACK, measureOf(FEEDBACK, "apply"))).toBe(1);
    expect(barShare(FEEDBACK, measureOf(FEEDBACK, "wait"))).toBe(0.25);
    expect(barShare(FEEDBACK, { ...FEEDBACK.measures[1]!, comments: 0 })).toBe(0);
    expect(barShare(FEEDBACK, null)).toBe(0);
  });

  it("says the count, the share negative and its interval", () => {
    expect(measureTitle(FEEDBACK.measures[0]!)).toBe("8 comments · 25 % negative (95 % CI 7–59 %)");
    expect(measureOf(FEEDBACK, "nowhere")).toBeNull();
  });
});

describe("correcting a comment", () => {
  it("offers each step with its touchpoints under it, then no step", () => {
    expect(elementChoices(FEEDBACK).map((c) => c.value)).toEqual(["apply", "tp-app", "wait", NO_ELEMENT]);
    expect(elementName(FEEDBACK, "tp-app")).toBe("The app");
    expect(elementName(FEEDBACK, NO_ELEMENT)).toBe("no step");
  });

  it("confirms what is shown in one click, or the one thing corrected", () => {
    expect(confirmation(COMMENT)).toEqual({ row: 7, element: "wait", sentiment: "negative" });
    expect(confirmation(COMMENT, { element: "apply" })).toEqual({ row: 7, element: "apply", sentiment: "negative" });
    expect(confirmation(COMMENT, { element: NO_ELEMENT })).toEqual({ row: 7, element: null, sentiment: "negative" });
    expect(confirmation(COMMENT, { sentiment: "positive" })).toEqual({ row: 7, element: "wait", sentiment: "positive" });
    const confirmed = { ...COMMENT, confirmed: true, confirmed_element: null, confirmed_sentiment: "neutral" };
    expect(confirmation(confirmed)).toEqual({ row: 7, element: null, sentiment: "neutral" });
  });

  it("labels pages", () => {
    expect(pageLabel(20, 20, 87)).toBe("21–40 of 87");
    expect(pageLabel(0, 0, 0)).toBe("no comment");
  });
});

describe("the store", () => {
  it("keeps one map's feedback; another map closes the drawer", () => {
    setFeedback(1, FEEDBACK);
    openStep("wait");
    setFeedback(1, { ...FEEDBACK, unplaced: 0 });
    expect(feedbackState()).toMatchObject({ mapId: 1, open: "wait" });
    setFeedback(2, null);
    expect(feedbackState()).toEqual({ mapId: 2, feedback: null, open: undefined });
  });
});
