// Other personas' emotion curves (a step's `emotions`, by persona id), shown read-only beside the map's own curve:
// each persona in the colour and marker shape the rendered maps give it (render/persona_curves.py), in the order
// of the map's personas, then the workspace's, named by the persona's name.

import { emotionOf, type Obj, type StepInfo } from "./model";

/** The colours of the curves after the map's own (blue), as in the rendered maps. */
export const PERSONA_COLOURS = ["#c05621", "#0f7b6c", "#b83280", "#6b7a00", "#1d4e89"];
export const PERSONA_MARKERS = ["square", "diamond", "triangle", "nabla", "circle"] as const;

export interface OtherPoint {
  stepId: string;
  stepName: string;
  column: number;
  value: number;
  measured: boolean;
  text: string;
}

export interface OtherCurve {
  id: string;
  name: string;
  colour: string;
  marker: (typeof PERSONA_MARKERS)[number];
  points: OtherPoint[];
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Each other persona's points along `columns` (null: an empty stage's column), in persona order. */
export function otherCurves(
  columns: Array<StepInfo | null>,
  mainPersona: string | null,
  names: Array<{ id: string; name: string }>,
): OtherCurve[] {
  const found = new Map<string, OtherPoint[]>();
  columns.forEach((col, column) => {
    const emotions = col?.step.emotions;
    if (!col || !isObj(emotions)) return;
    for (const [id, level] of Object.entries(emotions)) {
      if (id === mainPersona) continue; // the map's own persona: its level is `emotion`
      const e = emotionOf({ emotion: level });
      if (e.kind === "none") continue;
      const value = e.kind === "measured" ? e.mean : e.value;
      const text = e.kind === "measured" ? `${value} measured (n=${e.n})` : `≈${value} estimated`;
      const list = found.get(id) ?? [];
      list.push({ stepId: col.id, stepName: col.name, column, value, measured: e.kind === "measured", text });
      found.set(id, list);
    }
  });
  const rank = new Map<string, number>();
  names.forEach((p, i) => rank.has(p.id) || rank.set(p.id, i));
  const nameOf = new Map(names.map((p) => [p.id, p.name] as const));
  const ids = [...found.keys()].sort((a, b) => (rank.get(a) ?? 1e9) - (rank.get(b) ?? 1e9) || a.localeCompare(b));
  return ids.map((id, i) => ({
    id,
    name: nameOf.get(id) || id,
    colour: PERSONA_COLOURS[i % PERSONA_COLOURS.length]!,
    marker: PERSONA_MARKERS[i % PERSONA_MARKERS.length]!,
    points: found.get(id)!,
  }));
}

/** The corners of a marker polygon of half-size r at (cx, cy); [] for a circle. */
export function markerCorners(shape: string, cx: number, cy: number, r: number): Array<[number, number]> {
  const s = r * 1.2;
  if (shape === "square") return [[cx - r * 0.9, cy - r * 0.9], [cx + r * 0.9, cy - r * 0.9], [cx + r * 0.9, cy + r * 0.9], [cx - r * 0.9, cy + r * 0.9]];
  if (shape === "diamond") return [[cx, cy - s], [cx + s, cy], [cx, cy + s], [cx - s, cy]];
  if (shape === "triangle") return [[cx, cy - s], [cx + s, cy + s * 0.8], [cx - s, cy + s * 0.8]];
  if (shape === "nabla") return [[cx - s, cy - s * 0.8], [cx + s, cy - s * 0.8], [cx, cy + s]];
  return [];
}
