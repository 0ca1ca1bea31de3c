// The emotion curve above the grid: one point per step; estimates are dragged vertically, measured values are
// drawn with their 95 % interval and locked.

import { useRef, useState } from "preact/hooks";
import { useEditor, cx } from "./common";
import { emotionOf, round1, setEmotion, type StepInfo } from "./model";

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
    </svg>
  );
}
