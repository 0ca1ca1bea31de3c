// The map's feedback as the studio shows it: one small store (the latest GET /api/maps/{mid}/feedback answer and
// the step whose comments are open) shared by the heat strip on the step headers, the drawer of a step's comments
// and the Evidence panel's feedback section; and the pure helpers they draw with (colours, labels, options).

import { useEffect, useState } from "preact/hooks";
import { request } from "../api";
import type { components } from "../generated/api";

export type Feedback = components["schemas"]["FeedbackPublic"];
export type FeedbackMeasure = components["schemas"]["FeedbackStepPublic"];
export type FeedbackComment = components["schemas"]["FeedbackCommentPublic"];
export type FeedbackComments = components["schemas"]["FeedbackCommentsPublic"];
export type FeedbackConfirmed = components["schemas"]["FeedbackConfirmedPublic"];
export type FeedbackAccepted = components["schemas"]["FeedbackAcceptedPublic"];
export type Sentiment = FeedbackComment["sentiment"];

export const SENTIMENTS: Sentiment[] = ["negative", "neutral", "positive"];
/** The value of the "about no step" option of the element chooser. */
export const NO_ELEMENT = "";

export interface FeedbackState {
  mapId: number | null;
  feedback: Feedback | null;
  /** The step whose comments the drawer shows: undefined when closed, null for the comments about no step. */
  open: string | null | undefined;
}

let state: FeedbackState = { mapId: null, feedback: null, open: undefined };
const listeners = new Set<() => void>();

function emit(next: Partial<FeedbackState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

export function feedbackState(): FeedbackState {
  return state;
}

/** Keep the answer for `mapId` (a new map forgets the other map's feedback and closes the drawer). */
export function setFeedback(mapId: number, feedback: Feedback | null): void {
  emit(state.mapId === mapId ? { feedback } : { mapId, feedback, open: undefined });
}

export function openStep(step: string | null | undefined): void {
  emit({ open: step });
}

/** The store, re-read whenever it changes. */
export function useFeedback(): FeedbackState {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return state;
}

export async function loadFeedback(mapId: number): Promise<Feedback> {
  const answer = await request<Feedback>("GET", `/api/maps/${mapId}/feedback`);
  setFeedback(mapId, answer);
  return answer;
}

// --- pure helpers ----------------------------------------------------------------------------------------------

/** The measure of an element (a step: its touchpoints' comments included), or null when it has no comment. */
export function measureOf(feedback: Feedback | null, element: string): FeedbackMeasure | null {
  return feedback?.measures.find((m) => m.element === element) ?? null;
}

/** The colour of a share negative: green at none, amber at a third, red from 60 %; grey without comments. */
export function heatColour(share: number | null | undefined, comments = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share) || comments <= 0) return "hsl(220 14% 92%)";
  const t = Math.max(0, Math.min(1, share / 0.6));
  const hue = Math.round(130 - 130 * t); // 130 green → 0 red
  const light = Math.round(88 - 16 * t); // light enough for dark text at every share
  return `hsl(${hue} 62% ${light}%)`;
}

export function percent(value: number, digits = 0): string {
  return `${(value * 100).toFixed(digits)} %`;
}

/** "42 comments · 38 % negative (95 % CI 25–52 %)" */
export function measureTitle(m: FeedbackMeasure): string {
  const n = `${m.comments} comment${m.comments === 1 ? "" : "s"}`;
  return `${n} · ${percent(m.share_negative)} negative (95 % CI ${Math.round(m.low * 100)}–${Math.round(m.high * 100)} %)`;
}

/** The width of an element's bar: its comments against the busiest step's (at least a sliver when it has any). */
export function barShare(feedback: Feedback | null, m: FeedbackMeasure | null): number {
  if (!feedback || !m || m.comments <= 0) return 0;
  const steps = new Set(feedback.elements.filter((e) => e.kind === "step").map((e) => e.id));
  const most = Math.max(1, ...feedback.measures.filter((x) => steps.has(x.element)).map((x) => x.comments));
  return Math.max(0.06, Math.min(1, m.comments / most));
}

export interface ElementChoice {
  value: string;
  label: string;
}

/** The chooser of a comment's element: each step, its touchpoints under it, then "about no step". */
export function elementChoices(feedback: Feedback | null): ElementChoice[] {
  if (!feedback) return [];
  const out: ElementChoice[] = [];
  for (const step of feedback.elements.filter((e) => e.kind === "step")) {
    out.push({ value: step.id, label: step.name });
    for (const tp of feedback.elements.filter((e) => e.kind === "touchpoint" && e.step === step.id)) {
      out.push({ value: tp.id, label: `  ↳ ${tp.name}` });
    }
  }
  out.push({ value: NO_ELEMENT, label: "— about no step —" });
  return out;
}

export function elementName(feedback: Feedback | null, id: string | null | undefined): string {
  if (id === null || id === undefined || id === NO_ELEMENT) return "no step";
  return feedback?.elements.find((e) => e.id === id)?.name ?? id;
}

/** The confirmation one click on "Confirm" sends: the comment's element and sentiment as they are shown. */
export function confirmation(comment: FeedbackComment, change: { element?: string | null; sentiment?: Sentiment } = {}) {
  const shownElement = comment.confirmed ? comment.confirmed_element : comment.element;
  const shownSentiment = (comment.confirmed && comment.confirmed_sentiment) || comment.sentiment;
  const element = change.element !== undefined ? change.element : shownElement;
  return {
    row: comment.row,
    element: element === NO_ELEMENT ? null : (element ?? null),
    sentiment: (change.sentiment ?? shownSentiment) as Sentiment,
  };
}

/** The pages of `total` items by `size`: "21–40 of 87". */
export function pageLabel(offset: number, shown: number, total: number): string {
  if (total === 0) return "no comment";
  return `${offset + 1}–${offset + shown} of ${total}`;
}
