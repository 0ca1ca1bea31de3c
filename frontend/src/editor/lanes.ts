// The lanes of a timeline map, as the renderer draws them: a port of journeymap.render.layout.effective_lanes and
// of LaneKind's labels, checked against tests/vectors/lanes.json (lanes.test.ts). Pure: no Yjs, no Preact.

import { arr, str, type Obj } from "./model";

/** Every lane kind, in the order of journeymap.model.LaneKind. */
export const LANE_KINDS = [
  "actions", "thoughts", "feelings", "desired-outcomes", "pain-points", "emotion", "jobs-to-be-done",
  "physical-artifacts", "context", "touchpoints", "moments-of-truth", "organisation-activities", "strengths",
  "weaknesses", "opportunities", "threats", "service-challenges", "metrics", "customer-actions", "physical-evidence",
  "onstage-actions", "backstage-actions", "support-processes", "experience-high-level", "experience-detailed",
  "attributes", "expectations", "experience", "vmpi-results", "cultural-environment", "technical-environment",
  "physical-environment", "custom",
];

const LANE_LABELS: Record<string, string> = {
  emotion: "Emotional level",
  "experience-high-level": "Customer experience — high level",
  "experience-detailed": "Customer experience — detailed and resources",
  expectations: "Value-moment expectations (VMCE)",
  experience: "Value-moment experience (VME)",
  "vmpi-results": "VMPI results",
};

/** A lane kind's label: its own, or the kind with spaces, capitalised ("pain-points" → "Pain points"). */
export function laneLabel(kind: string): string {
  const label = LANE_LABELS[kind];
  if (label) return label;
  const text = kind.replace(/-/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

/** What "+ Add a lane" offers on a map of a type whose own lanes are `typeLanes` (from the catalog; null before it
 * has loaded): the type's lanes (without the emotion lane, which the curve row always shows) and a custom lane
 * first; every other kind only under "Other kinds". */
export function laneChoices(typeLanes: readonly string[] | null): { primary: string[]; other: string[] } {
  if (!typeLanes || typeLanes.length === 0) return { primary: [...LANE_KINDS], other: [] };
  const primary = typeLanes.filter((k) => k !== "emotion" && LANE_KINDS.includes(k));
  primary.push("custom");
  return { primary, other: LANE_KINDS.filter((k) => !primary.includes(k) && k !== "emotion") };
}

export interface EffectiveLane {
  id: string;
  kind: string;
  /** The lane's title, or its kind's label. */
  heading: string;
  /** The map's own lane; null for a lane drawn for elements the map shows in no lane of its own. */
  lane: Obj | null;
}

const hasEmotion = (step: Obj) => step.emotion !== undefined && step.emotion !== null;

/** The lanes to draw: the map's own, then one for each kind of element the map has but shows in no lane of its
 * own (the emotion curve, touchpoints, moments of truth, service challenges, opportunities placed on steps). */
export function effectiveLanes(data: Obj): EffectiveLane[] {
  const lanes: EffectiveLane[] = arr(data.lanes).map((lane) => {
    const kind = str(lane.kind, "custom");
    return { id: str(lane.id), kind, heading: str(lane.title) || laneLabel(kind), lane };
  });
  const kinds = new Set(lanes.map((lane) => lane.kind));
  const ids = new Set(lanes.map((lane) => lane.id));
  const steps = arr(data.stages).flatMap((stage) => arr(stage.steps));
  const wanted: Array<[string, boolean]> = [
    ["emotion", steps.some(hasEmotion)],
    ["touchpoints", arr(data.touchpoints).length > 0],
    ["moments-of-truth", arr(data.moments_of_truth).length > 0],
    ["service-challenges", arr(data.service_challenges).length > 0],
    ["opportunities", arr(data.opportunities).some((o) => Array.isArray(o.steps) && o.steps.length > 0)],
  ];
  for (const [kind, present] of wanted) {
    if (present && !kinds.has(kind)) {
      lanes.push({ id: ids.has(kind) ? `${kind}-lane` : kind, kind, heading: laneLabel(kind), lane: null });
    }
  }
  return lanes;
}

export interface LaneRow {
  id: string;
  kind: string;
  title: string;
  lane: Obj | null; // null: a virtual lane for elements whose lane the map does not have
}

/** The id of the grid's own row of value moments (no lane of the map or of the renderer has it). */
export const VALUE_MOMENTS_ROW = "~value-moments";

/** The rows of the grid: the lanes the renderer draws (effectiveLanes), with two differences. The emotion lane the
 * renderer adds for a map without one is the curve row the grid always shows above the lanes, so it is no row here;
 * and value moments, which the renderer shows only in the value-moment lanes, get a row of their own when the map
 * has none of those lanes (or is a wall planner), so they can be edited. */
export function laneRows(data: Obj, mapType: string): LaneRow[] {
  const rows: LaneRow[] = effectiveLanes(data)
    .filter((lane) => lane.lane !== null || lane.kind !== "emotion")
    .map((lane) => ({ id: lane.id, kind: lane.kind, title: lane.heading, lane: lane.lane }));
  const kinds = new Set(rows.map((r) => r.kind));
  const hasVm = arr(data.value_moments).length > 0 || mapType === "value-moments-planner";
  if (hasVm && !kinds.has("expectations") && !kinds.has("experience") && !kinds.has("vmpi-results")) {
    rows.push({ id: VALUE_MOMENTS_ROW, kind: "vmpi-results", title: "Value moments", lane: null });
  }
  return rows;
}
