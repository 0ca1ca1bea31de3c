// The ecosystem map as a network editor: actors are nodes you drag, value flows are edges you add by dragging from
// an actor's handle to another actor, labels are edited inline. Positions live in the document's "layout" map.

import { useEffect, useRef, useState } from "preact/hooks";
import * as Y from "yjs";
import { Icon, InlineText, Marks, Toolbar, cx, elementLook, useEditor } from "./common";
import { addActor, addFlow, arr, removeElement, setField, setPosition, str, type Obj } from "./model";

const NODE_W = 176;
const NODE_H = 64;
export const ACTOR_KINDS = ["primary-provider", "primary-customer", "partner", "supplier", "intermediary", "competitor", "regulator", "community", "other"];
export const FLOW_KINDS = ["money", "goods", "service", "information", "trust", "other"];

interface Point {
  x: number;
  y: number;
}

/** A default layout: the primary customer and provider in the middle, everyone else on a ring around them. */
export function defaultLayout(actors: Obj[], width: number, height: number): Map<string, Point> {
  const out = new Map<string, Point>();
  const cx0 = width / 2;
  const cy0 = height / 2;
  const centre = actors.filter((a) => a.kind === "primary-customer" || a.kind === "primary-provider");
  const ring = actors.filter((a) => !centre.includes(a));
  centre.forEach((a, i) => out.set(str(a.id), { x: cx0 + (i - (centre.length - 1) / 2) * 420, y: cy0 }));
  const rx = width / 2 - NODE_W / 2 - 30;
  const ry = height / 2 - NODE_H / 2 - 30;
  ring.forEach((a, i) => {
    const t = (i / Math.max(1, ring.length)) * Math.PI * 2 - Math.PI / 2;
    out.set(str(a.id), { x: cx0 + Math.cos(t) * rx, y: cy0 + Math.sin(t) * ry });
  });
  return out;
}

interface Box {
  x: number; // centre
  y: number;
  w: number;
  h: number;
}

/** The rough size of a flow label (11 px text, at most 170 px wide with its padding and border). */
export function labelSize(text: string): { w: number; h: number } {
  const inner = 154;
  const textW = text.length * 6.4;
  const lines = Math.max(1, Math.ceil(textW / inner));
  return { w: Math.min(170, textW + 16), h: lines * 14.5 + 8 };
}

function overlap(a: Box, b: Box): number {
  const ox = Math.min(a.x + a.w / 2, b.x + b.w / 2) - Math.max(a.x - a.w / 2, b.x - b.w / 2);
  const oy = Math.min(a.y + a.h / 2, b.y + b.h / 2) - Math.max(a.y - a.h / 2, b.y - b.h / 2);
  return ox > 0 && oy > 0 ? ox * oy : 0;
}

/** Where each flow's label goes: a point along its edge chosen so that it covers neither the labels placed
 * before it nor an actor (labels of parallel flows between the same two actors end up staggered along their
 * edges). Without a free spot, the spot with the least overlap; ties go to the half of the edge farther from the
 * crowded middle of the canvas. */
export function placeLabels(
  edges: Array<{ at: (t: number) => Point; size: { w: number; h: number } }>,
  actors: Point[],
  middle: Point,
): Point[] {
  const obstacles: Box[] = actors.map((p) => ({ x: p.x, y: p.y, w: NODE_W + 8, h: NODE_H + 8 }));
  const placed: Box[] = [];
  const ts = [0.38, 0.62, 0.5, 0.28, 0.72, 0.2, 0.8, 0.44, 0.56, 0.33, 0.67];
  return edges.map(({ at, size }) => {
    const far = (p: Point) => Math.hypot(p.x - middle.x, p.y - middle.y);
    // the first two candidates are swapped so the far half of the edge comes first
    const order = far(at(0.38)) >= far(at(0.62)) ? ts : [ts[1]!, ts[0]!, ...ts.slice(2)];
    let best: Box | null = null;
    let bestCost = Infinity;
    for (const t of order) {
      const p = at(t);
      const box = { x: p.x, y: p.y, w: size.w + 6, h: size.h + 4 };
      let cost = 0;
      for (const o of placed) cost += overlap(box, o);
      for (const o of obstacles) cost += overlap(box, o) * 0.5;
      if (cost < bestCost) {
        best = box;
        bestCost = cost;
        if (cost === 0) break;
      }
    }
    placed.push(best!);
    return { x: best!.x, y: best!.y };
  });
}

function readLayout(doc: Y.Doc): Map<string, Point> {
  const out = new Map<string, Point>();
  doc.getMap("layout").forEach((v, k) => {
    const p = v as Partial<Point> | null;
    if (p && typeof p.x === "number" && typeof p.y === "number") out.set(k, { x: p.x, y: p.y });
  });
  return out;
}

export function NetworkEditor() {
  const ctx = useEditor();
  const { data } = ctx.idx;
  const actors = arr(data.actors);
  const flows = arr(data.value_flows);
  const width = 1400;
  const height = 900;
  const [layout, setLayout] = useState(() => readLayout(ctx.doc));
  const [drag, setDrag] = useState<{ id: string; dx: number; dy: number; at: Point; moved: boolean } | null>(null);
  const [link, setLink] = useState<{ from: string; to: Point; over: string | null } | null>(null);
  const canvas = useRef<HTMLDivElement>(null);
  const justLinked = useRef(false);

  useEffect(() => {
    const m = ctx.doc.getMap("layout");
    const on = () => setLayout(readLayout(ctx.doc));
    m.observe(on);
    on(); // a layout update that arrived before the observer was attached
    return () => m.unobserve(on);
  }, [ctx.doc]);

  const fallback = defaultLayout(actors, width, height);
  const pos = (id: string): Point => {
    if (drag && drag.id === id) return drag.at;
    return layout.get(id) ?? fallback.get(id) ?? { x: width / 2, y: height / 2 };
  };
  const local = (e: PointerEvent): Point => {
    const el = canvas.current!;
    const r = el.getBoundingClientRect();
    const k = el.offsetWidth > 0 && r.width > 0 ? el.offsetWidth / r.width : 1; // the map may be zoomed
    return { x: (e.clientX - r.left) * k, y: (e.clientY - r.top) * k };
  };
  const clamp = (p: Point): Point => ({
    x: Math.max(NODE_W / 2, Math.min(width - NODE_W / 2, p.x)),
    y: Math.max(NODE_H / 2, Math.min(height - NODE_H / 2, p.y)),
  });

  const onMove = (e: PointerEvent) => {
    if (drag) {
      const p = local(e);
      setDrag({ ...drag, at: clamp({ x: p.x - drag.dx, y: p.y - drag.dy }), moved: true });
    } else if (link) {
      const el = document.elementFromPoint(e.clientX, e.clientY)?.closest<HTMLElement>("[data-actor]");
      const over = el?.dataset.actor ?? null;
      setLink({ ...link, to: local(e), over: over !== link.from ? over : null });
    }
  };
  const onUp = () => {
    if (drag) {
      if (drag.moved) setPosition(ctx.doc, drag.id, drag.at.x, drag.at.y);
      setDrag(null);
    } else if (link) {
      justLinked.current = true;
      if (link.over) {
        const id = addFlow(ctx.doc, ctx.idx, link.from, link.over);
        ctx.select(id);
        ctx.setEditing(`${id}:label`);
      }
      setLink(null);
    }
  };

  // parallel flows between the same two actors bend apart
  const pairCount = new Map<string, number>();
  const edges = flows.map((f) => {
    const s = str(f.source);
    const t = str(f.target);
    const key = [s, t].sort().join("→");
    const k = pairCount.get(key) ?? 0;
    pairCount.set(key, k + 1);
    return { f, s, t, k, key };
  });
  const totals = new Map<string, number>();
  for (const e of edges) totals.set(e.key, (totals.get(e.key) ?? 0) + 1);

  const geometry = edges.map(({ f, s, t, k, key }) => {
    const a = pos(s);
    const b = pos(t);
    const total = totals.get(key) ?? 1;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    // a consistent normal for the pair whichever way the flow runs
    const sign = s < t ? 1 : -1;
    const nx = (-dy / len) * sign;
    const ny = (dx / len) * sign;
    const bend = (k - (total - 1) / 2) * 64;
    const mx = (a.x + b.x) / 2 + nx * bend;
    const my = (a.y + b.y) / 2 + ny * bend;
    // stop the arrow at the target's box edge
    const ex = b.x - mx;
    const ey = b.y - my;
    const scale = Math.min((NODE_W / 2 + 10) / Math.max(1e-6, Math.abs(ex)), (NODE_H / 2 + 14) / Math.max(1e-6, Math.abs(ey)), 1);
    const end = { x: b.x - ex * scale, y: b.y - ey * scale };
    const at = (t: number) => ({
      x: (1 - t) * (1 - t) * a.x + 2 * (1 - t) * t * mx + t * t * end.x,
      y: (1 - t) * (1 - t) * a.y + 2 * (1 - t) * t * my + t * t * end.y,
    });
    return { f, a, mx, my, end, at };
  });
  const labels = placeLabels(
    geometry.map((g) => ({ at: g.at, size: labelSize(str(g.f.label) || "Label") })),
    actors.map((x) => pos(str(x.id))),
    { x: width / 2, y: height / 2 },
  );

  const sel = ctx.selected;
  const selActor = actors.find((a) => a.id === sel);
  const selFlow = flows.find((f) => f.id === sel);

  return (
    <div class="jm-network-wrap">
      {!ctx.readOnly && (
        <div class="jm-canvas-bar">
          <button
            type="button"
            class="jm-add"
            data-testid="add-actor"
            onClick={() => {
              const id = addActor(ctx.doc, ctx.idx, "New actor");
              ctx.select(id);
              ctx.setEditing(`${id}:name`);
            }}
          >
            <Icon name="plus" /> Actor
          </button>
          <span class="jm-hint">Drag an actor to move it · drag from its ● handle to another actor to add a value flow</span>
        </div>
      )}
      <div
        ref={canvas}
        class={cx("jm-network", link && "is-linking")}
        data-testid="network"
        style={{ width: `${width}px`, height: `${height}px` }}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onClick={(e) => {
          if (justLinked.current) justLinked.current = false;
          else if (e.target === e.currentTarget) ctx.select(null);
        }}
      >
        <svg class="jm-edges" width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
          <defs>
            {FLOW_KINDS.map((k) => (
              <marker key={k} id={`jm-arrow-${k}`} class={`flow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0 0L10 5L0 10z" />
              </marker>
            ))}
          </defs>
          {geometry.map(({ f, a, mx, my, end }) => {
            const id = str(f.id);
            const kind = FLOW_KINDS.includes(str(f.kind)) ? str(f.kind) : "other";
            const look = elementLook(ctx, id);
            return (
              <g key={id} class={cx("jm-edge", `flow-${kind}`, look.cls)} style={look.style} data-testid="flow" data-id={id} onClick={() => ctx.select(id)}>
                <path class="jm-edge-hit" d={`M${a.x} ${a.y} Q${mx} ${my} ${end.x} ${end.y}`} />
                <path class="jm-edge-line" d={`M${a.x} ${a.y} Q${mx} ${my} ${end.x} ${end.y}`} marker-end={`url(#jm-arrow-${kind})`} />
              </g>
            );
          })}
          {link && <line class="jm-link-ghost" x1={pos(link.from).x} y1={pos(link.from).y} x2={link.to.x} y2={link.to.y} />}
        </svg>
        {geometry.map(({ f }, i) => {
          const { x: lx, y: ly } = labels[i]!;
          const id = str(f.id);
          const look = elementLook(ctx, id);
          const kind = FLOW_KINDS.includes(str(f.kind)) ? str(f.kind) : "other";
          return (
            <div
              key={`l-${id}`}
              class={cx("jm-edge-label", `flow-${kind}`, look.cls)}
              style={{ left: `${lx}px`, top: `${ly}px`, ...look.style }}
              data-testid="flow-label"
              data-id={id}
              onClick={(e) => {
                e.stopPropagation();
                ctx.select(id);
              }}
            >
              <InlineText id={id} field="label" value={str(f.label)} placeholder="Label" onCommit={(t) => setField(ctx.doc, ctx.idx, id, "label", t || "Value flow")} />
              <Marks id={id} />
            </div>
          );
        })}
        {actors.map((a) => {
          const id = str(a.id);
          const p = pos(id);
          const look = elementLook(ctx, id);
          return (
            <div
              key={id}
              class={cx("jm-actor", `actor-${str(a.kind, "other")}`, look.cls, link?.over === id && "is-link-target", drag?.id === id && "is-dragging")}
              style={{ left: `${p.x - NODE_W / 2}px`, top: `${p.y - NODE_H / 2}px`, ...look.style }}
              data-testid="actor"
              data-id={id}
              data-actor={id}
              title={str(a.description)}
              onPointerDown={(e) => {
                if (ctx.readOnly || (e.target as HTMLElement).closest("textarea,button,.jm-handle")) return;
                const l = local(e);
                (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
                setDrag({ id, dx: l.x - p.x, dy: l.y - p.y, at: p, moved: false });
              }}
              onClick={(e) => {
                e.stopPropagation();
                ctx.select(id);
              }}
            >
              <span class="jm-actor-kind">{str(a.kind, "other").replace(/-/g, " ")}</span>
              <InlineText id={id} field="name" value={str(a.name)} placeholder="Actor" class="jm-actor-name" onCommit={(t) => setField(ctx.doc, ctx.idx, id, "name", t || "Actor")} />
              <Marks id={id} />
              {!ctx.readOnly && (
                <span
                  class="jm-handle"
                  data-testid="actor-handle"
                  data-id={id}
                  title="Drag to another actor to add a value flow"
                  onPointerDown={(e) => {
                    e.stopPropagation();
                    e.preventDefault();
                    canvas.current?.setPointerCapture(e.pointerId);
                    setLink({ from: id, to: local(e), over: null });
                  }}
                />
              )}
            </div>
          );
        })}
        {!ctx.readOnly && (selActor || selFlow) && (
          <div class="jm-inspector" data-testid="inspector" onClick={(e) => e.stopPropagation()}>
            {selActor && (
              <Toolbar>
                <span class="jm-tb-label">Actor</span>
                <select class="jm-select jm-select-sm" data-testid="actor-kind" value={str(selActor.kind, "other")} onChange={(e) => setField(ctx.doc, ctx.idx, str(selActor.id), "kind", (e.target as HTMLSelectElement).value)}>
                  {ACTOR_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k.replace(/-/g, " ")}
                    </option>
                  ))}
                </select>
                <button type="button" class="jm-tb is-danger" data-testid="delete-actor" onClick={() => { removeElement(ctx.doc, ctx.idx, str(selActor.id)); ctx.select(null); }}>
                  <Icon name="trash" />
                </button>
              </Toolbar>
            )}
            {selFlow && (
              <Toolbar>
                <span class="jm-tb-label">Value flow</span>
                <select class="jm-select jm-select-sm" data-testid="flow-kind" value={str(selFlow.kind, "other")} onChange={(e) => setField(ctx.doc, ctx.idx, str(selFlow.id), "kind", (e.target as HTMLSelectElement).value)}>
                  {FLOW_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
                <button type="button" class="jm-tb is-danger" data-testid="delete-flow" onClick={() => { removeElement(ctx.doc, ctx.idx, str(selFlow.id)); ctx.select(null); }}>
                  <Icon name="trash" />
                </button>
              </Toolbar>
            )}
          </div>
        )}
        <div class="jm-legend-box">
          {FLOW_KINDS.map((k) => (
            <span key={k} class={cx("jm-legend-flow", `flow-${k}`)}>
              {k}
            </span>
          ))}
        </div>
      </div>
    </div>
  );
}
