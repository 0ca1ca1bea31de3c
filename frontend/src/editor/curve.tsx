// The emotion curve above the grid: one point per step; estimates are dragged vertically, measured values are
// drawn with their 95 % interval and locked. Other personas' curves (a step's `emotions`) are drawn behind it,
// read-only, each in its colour and marker shape, named in a key at the top right.

import { useRef, useState } from "preact/hooks";
import { useEditor, cx } from "./common";
import { emotionOf, round1, setEmotion, type Json, type StepInfo } from "./model";
import { markerCorners, otherCurves, type OtherCurve } from "./personas";

export const CURVE_H = 150;
const PAD = 18;

const yOf = (v: number) => PAD + ((10 - v) / 9) * (CURVE_H - 2 * PAD);
const vOf = (y: number) => 10 - ((y - PAD) / (CURVE_H - 2 * PAD)) * 9;
const fmt = round1;

export function EmotionCurve({ columns, colWidth }: { columns: Array<StepInfo | null>; colWidth: number }) {
  const ctx = useEditor();
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ id: string; value: number } | null>(null);
  const width = columns.length * colWidth;
  const otherOnes = others(ctx.doc.getMap("map").toJSON(), columns, ctx.personas ?? []);

  const points = columns.map((col, i) => {
    if (!col) return null;
    const e = emotionOf(col.step);
    const x = i * colWidth + colWidth / 2;
    if (drag && drag.id === col.id) return { col, x, e: { kind: "estimate" as const, value: drag.value, note: "" } };
    return { col, x, e };
  });
  const valued = points.filter((p) => p && p.e.kind !== "none") as Array<NonNullable<(typeof points)[number]>>;
  const valueOf = (p: (typeof valued)[number]) => (p.e.kind === "measured" ? p.e.mean : p.e.kind === "estimate" ? p.e.value : 5);

  const segments = valued.slice(1).map((p, i) => {
    const a = valued[i]!;
    const dashed = a.e.kind !== "measured" || p.e.kind !== "measured";
    return (
      <line
        key={`${a.col.id}-${p.col.id}`}
        class={cx("jm-curve-line", dashed && "is-estimate")}
        x1={a.x}
        y1={yOf(valueOf(a))}
        x2={p.x}
        y2={yOf(valueOf(p))}
      />
    );
  });

  const valueAt = (clientY: number) => {
    const r = svgRef.current!.getBoundingClientRect();
    const k = r.height > 0 ? CURVE_H / r.height : 1; // the map may be zoomed
    return Math.max(1, Math.min(10, Math.round(vOf((clientY - r.top) * k) * 2) / 2));
  };

  const startDrag = (id: string, start: number) => (e: PointerEvent) => {
    if (ctx.readOnly) return;
    e.preventDefault();
    e.stopPropagation();
    ctx.select(id);
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    setDrag({ id, value: start });
  };
  const move = (e: PointerEvent) => {
    if (drag) setDrag({ id: drag.id, value: valueAt(e.clientY) });
  };
  const end = (e: PointerEvent) => {
    if (!drag) return;
    const value = valueAt(e.clientY);
    setDrag(null);
    setEmotion(ctx.doc, ctx.idx, drag.id, value);
  };

  return (
    <svg
      ref={svgRef}
      class="jm-curve"
      data-testid="emotion-curve"
      width={width}
      height={CURVE_H}
      viewBox={`0 0 ${width} ${CURVE_H}`}
      onPointerMove={move}
      onPointerUp={end}
      onPointerCancel={() => setDrag(null)}
    >
      {[1, 5.5, 10].map((v) => (
        <line key={v} class={cx("jm-curve-grid", v === 5.5 && "is-mid")} x1={0} x2={width} y1={yOf(v)} y2={yOf(v)} />
      ))}
      <text class="jm-curve-scale" x={4} y={yOf(10) - 4}>
        10
      </text>
      <text class="jm-curve-scale" x={4} y={yOf(1) + 12}>
        1
      </text>
      <OtherCurves curves={otherOnes} colWidth={colWidth} part="lines" />
      {segments}
      {points.map((p) => {
        if (!p) return null;
        const { col, x, e } = p;
        const look = ctx.presence.get(col.id);
        if (e.kind === "none") {
          return (
            <g key={col.id} class="jm-curve-empty" data-testid="curve-point" data-id={col.id} data-kind="none">
              <title>{`${col.name}: no emotional level yet${ctx.readOnly ? "" : " — drag to estimate"}`}</title>
              <circle
                class="jm-curve-add"
                cx={x}
                cy={yOf(5.5)}
                r={7}
                onPointerDown={startDrag(col.id, 5.5) as unknown as (e: PointerEvent) => void}
              />
            </g>
          );
        }
        if (e.kind === "measured") {
          const interval = e.low !== null && e.high !== null ? { low: e.low, high: e.high } : null;
          const tip = `${col.name}: ${fmt(e.mean)} measured (n=${e.n}), ${
            interval ? `95 % CI ${fmt(interval.low)}–${fmt(interval.high)}` : "no interval"
          }${
            e.dataset ? `, ${e.dataset}` : ""
          } — locked`;
          return (
            <g
              key={col.id}
              class={cx("jm-curve-point", "is-measured", ctx.selected === col.id && "is-selected")}
              data-testid="curve-point"
              data-id={col.id}
              data-kind="measured"
              data-tooltip={tip}
              onClick={() => ctx.select(col.id)}
            >
              <title>{tip}</title>
              {interval && (
                <rect
                  class="jm-curve-ci"
                  x={x - 5}
                  width={10}
                  y={yOf(interval.high)}
                  height={Math.max(2, yOf(interval.low) - yOf(interval.high))}
                  rx={3}
                />
              )}
              <circle cx={x} cy={yOf(e.mean)} r={6} style={look ? { stroke: look[0]!.colour } : undefined} />
              <text class="jm-curve-label" x={x} y={yOf(interval ? interval.high : e.mean) - 7}>
                {`${fmt(e.mean)} (n=${e.n}${interval ? "" : ", no interval"})`}
              </text>
            </g>
          );
        }
        const dragging = drag?.id === col.id;
        return (
          <g
            key={col.id}
            class={cx("jm-curve-point", "is-estimate", dragging && "is-dragging", ctx.selected === col.id && "is-selected")}
            data-testid="curve-point"
            data-id={col.id}
            data-kind="estimate"
          >
            <title>{`${col.name}: ≈${fmt(e.value)} estimated${e.note ? ` — ${e.note}` : ""}${ctx.readOnly ? "" : " (drag to change)"}`}</title>
            <circle class="jm-curve-hit" cx={x} cy={yOf(e.value)} r={14} onPointerDown={startDrag(col.id, e.value) as unknown as (e: PointerEvent) => void} />
            <circle class="jm-curve-dot" cx={x} cy={yOf(e.value)} r={6} style={look ? { stroke: look[0]!.colour } : undefined} />
            <text class="jm-curve-label" x={x} y={yOf(e.value) - 12}>
              {`≈${fmt(e.value)} est.`}
            </text>
          </g>
        );
      })}
      <OtherCurves curves={otherOnes} colWidth={colWidth} part="markers" />
    </svg>
  );
}

/** Other personas' curves, named by the map's own personas first, then the workspace's. */
function others(map: { [key: string]: Json }, columns: Array<StepInfo | null>, workspace: Array<{ id: string; name: string }>): OtherCurve[] {
  const own = Array.isArray(map.personas) ? map.personas : [];
  const text = (v: Json | undefined) => (typeof v === "string" ? v : "");
  const names = own.flatMap((p) => (p && typeof p === "object" && !Array.isArray(p) ? [{ id: text(p.id), name: text(p.name) }] : []));
  return otherCurves(columns, typeof map.persona === "string" ? map.persona : null, [...names, ...workspace]);
}

/** Other personas' curves: their lines behind the map's own curve, their markers (with tooltips) above it. */
function OtherCurves({ curves, colWidth, part }: { curves: OtherCurve[]; colWidth: number; part: "lines" | "markers" }) {
  if (!curves.length) return null;
  const xOf = (column: number) => column * colWidth + colWidth / 2;
  return (
    <g class="jm-curve-others" data-testid={`other-curves-${part}`}>
      {curves.map((c) => (
        <g key={c.id} class="jm-curve-other" data-persona={c.id} style={{ color: c.colour }}>
          {part === "lines" && c.points.slice(1).map((p, i) => {
            const a = c.points[i]!;
            return (
              <line
                key={`${a.stepId}-${p.stepId}`}
                class={cx("jm-curve-other-line", !(a.measured && p.measured) && "is-estimate")}
                x1={xOf(a.column)}
                y1={yOf(a.value)}
                x2={xOf(p.column)}
                y2={yOf(p.value)}
              />
            );
          })}
          {part === "markers" && c.points.map((p) => {
            const corners = markerCorners(c.marker, xOf(p.column), yOf(p.value), 5);
            const look = { class: cx("jm-curve-other-dot", p.measured && "is-measured") };
            return (
              <g key={p.stepId} data-testid="other-point" data-id={p.stepId}>
                <title>{`${c.name} — ${p.stepName}: ${p.text} (read-only here)`}</title>
                {corners.length ? (
                  <polygon {...look} points={corners.map(([x, y]) => `${x},${y}`).join(" ")} />
                ) : (
                  <circle {...look} cx={xOf(p.column)} cy={yOf(p.value)} r={5} />
                )}
              </g>
            );
          })}
        </g>
      ))}
    </g>
  );
}

const SYMBOL: Record<string, string> = { square: "■", diamond: "◆", triangle: "▲", nabla: "▼", circle: "●" };

/** In the emotion lane's head: each other persona's marker and name, in its colour (nothing when there are none). */
export function OtherCurvesKey({ columns }: { columns: Array<StepInfo | null> }) {
  const ctx = useEditor();
  const curves = others(ctx.doc.getMap("map").toJSON(), columns, ctx.personas ?? []);
  if (!curves.length) return null;
  return (
    <span class="jm-curve-key" data-testid="other-curves-key">
      {curves.map((c) => (
        <span key={c.id} style={{ color: c.colour }} title={`${c.name}: emotion curve, read-only here`}>
          {`${SYMBOL[c.marker] ?? "●"} ${c.name}`}
        </span>
      ))}
    </span>
  );
}
