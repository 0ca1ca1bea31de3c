// The UI logic of journeys that link and of the method page: what the breadcrumb shows, which map a step's
// sub-journey opens, and the edits of an initiative (as plain data, sent whole to the server, which validates it).
// Every state (a stage done, an experiment's outcome met) comes from the server; nothing is computed here.

import type { Json, JsonObject } from "./api";
import type { MapLinks, StageState } from "./journeyApi";

export interface Crumb {
  label: string;
  /** Where it goes (null: the current map, or a step named between two maps). */
  href: string | null;
  kind: "map" | "step" | "current";
}

/** The breadcrumb of a map: each parent, the step of it that opens the next map, then the map itself. */
export function trail(links: MapLinks, currentTitle?: string): Crumb[] {
  const crumbs: Crumb[] = [];
  for (const parent of links.parents) {
    crumbs.push({ label: parent.title || parent.ref, href: `/m/${parent.map_id}`, kind: "map" });
    if (parent.step_name) crumbs.push({ label: parent.step_name, href: `/m/${parent.map_id}`, kind: "step" });
  }
  crumbs.push({ label: currentTitle || links.title || links.ref, href: null, kind: "current" });
  return crumbs;
}

/** The map a step's `sub_journey` names: its studio id and title, or null when no map of the workspace has it. */
export function subJourneyTarget(links: MapLinks | null, ref: string): { mapId: number; title: string } | null {
  if (!links || !ref) return null;
  const found = links.maps.find((m) => m.ref === ref);
  return found ? { mapId: found.map_id, title: found.title || found.ref } : null;
}

/** The maps a step of the current map may open (every other map of the workspace), by title. */
export function subJourneyChoices(links: MapLinks | null): Array<{ ref: string; title: string }> {
  if (!links) return [];
  return links.maps
    .filter((m) => m.ref !== links.ref)
    .map((m) => ({ ref: m.ref, title: m.title || m.ref }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

export const STATE_LABELS: Record<StageState, string> = {
  done: "Done",
  "in-progress": "In progress",
  "not-started": "Not started",
};

export function stateLabel(state: string): string {
  return STATE_LABELS[state as StageState] ?? state;
}

export interface ExperimentDraft {
  id: string;
  option: string;
  hypothesis: string;
  tested: string;
  started: string;
  ended: string;
  result: string;
  result_note: string;
  decision: string;
}

export function emptyExperiment(option = ""): ExperimentDraft {
  return { id: "", option, hypothesis: "", tested: "", started: "", ended: "", result: "", result_note: "", decision: "" };
}

function text(value: Json | undefined): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

/** An experiment of the initiative as a form's draft (every field a string). */
export function draftOf(experiment: JsonObject): ExperimentDraft {
  const keys = Object.keys(emptyExperiment()) as Array<keyof ExperimentDraft>;
  const draft = emptyExperiment();
  for (const key of keys) draft[key] = text(experiment[key]);
  return draft;
}

/** A lower-case id from a text (`Tracker pilot 2` → `tracker-pilot-2`), not one of `taken`. */
export function newId(base: string, taken: string[]): string {
  const words = base.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
  const stem = words.reduce((id, w) => (id && id.length + w.length >= 32 ? id : id ? `${id}-${w}` : w.slice(0, 32)), "") || "experiment";
  let id = stem;
  for (let n = 2; taken.includes(id); n++) id = `${stem}-${n}`;
  return id;
}

/** The draft as the Experiment schema's data: empty fields left out, the result a number. Throws on a result
 * that is not a number (the form says so before sending). */
export function experimentData(draft: ExperimentDraft, taken: string[]): JsonObject {
  const out: JsonObject = { id: draft.id || newId(draft.tested, taken), option: draft.option, tested: draft.tested.trim() };
  if (draft.hypothesis) out.hypothesis = draft.hypothesis;
  if (draft.started) out.started = draft.started;
  if (draft.ended) out.ended = draft.ended;
  if (draft.result.trim()) {
    const value = Number(draft.result.replace(",", "."));
    if (!Number.isFinite(value)) throw new Error(`the result "${draft.result}" is not a number`);
    out.result = value;
  }
  if (draft.result_note.trim()) out.result_note = draft.result_note.trim();
  if (draft.decision) out.decision = draft.decision;
  return out;
}

function experimentsOf(initiative: JsonObject): JsonObject[] {
  const list = initiative.experiments;
  return Array.isArray(list) ? (list.filter((e) => e && typeof e === "object" && !Array.isArray(e)) as JsonObject[]) : [];
}

/** The initiative with the experiment added (`at` null) or put in place of the one at `at`. */
export function withExperiment(initiative: JsonObject, experiment: JsonObject, at: number | null): JsonObject {
  const list = [...experimentsOf(initiative)];
  if (at === null || at < 0 || at >= list.length) list.push(experiment);
  else list[at] = experiment;
  return { ...initiative, experiments: list };
}

/** Lines of a text area as a list (blank lines dropped). */
export function linesOf(value: string): string[] {
  return value.split("\n").map((l) => l.trim()).filter(Boolean);
}

/** The initiative with its strategy's mission and goals changed (the other strategy fields kept). */
export function withStrategy(initiative: JsonObject, mission: string, goals: string[]): JsonObject {
  const strategy = initiative.strategy && typeof initiative.strategy === "object" && !Array.isArray(initiative.strategy) ? initiative.strategy : {};
  return { ...initiative, strategy: { ...strategy, mission: mission.trim(), goals } };
}

/** The initiative with its framing's mission statement changed. */
export function withMissionStatement(initiative: JsonObject, statement: string): JsonObject {
  const framing = initiative.framing && typeof initiative.framing === "object" && !Array.isArray(initiative.framing) ? initiative.framing : {};
  return { ...initiative, framing: { ...framing, mission_statement: statement.trim() } };
}
