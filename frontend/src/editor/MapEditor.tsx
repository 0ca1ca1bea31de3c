// The map editor: reads the map from the session's Y document, re-renders on every change (observeDeep), and
// chooses the view for the map type: a grid for timeline maps, a network for ecosystem maps, towers for mental
// model diagrams. Presence, lint findings and comment counts are drawn on the elements they concern.

import type { JSX } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import { Ctx, type EditorContext, type Finding, type PresenceMark } from "./common";
import { GridEditor, cardsAt, cellCursor, gridModel, onCursorChange, setCellCursor } from "./grid";
import { addCard, addStep, allSteps, arr, elementAt, indexDoc, ORIGIN, removeElement, renamedTo, str, DEFAULT_BANDS, type Band, type DocIndex } from "./model";
import { NetworkEditor } from "./network";
import { TowersEditor } from "./towers";
import { HEAD_W } from "./grid";
import { Viewport } from "./viewport";

export interface MapEditorProps {
  mapId: number;
  mapType: string;
  session: { doc: Y.Doc; awareness: Awareness; undo: Y.UndoManager };
  user: { id: number; name: string };
  selected: string | null;
  onSelect: (id: string | null) => void;
  commentCounts: Record<string, number>;
  onComment: (elementId: string) => void;
  lint: Finding[];
  readOnly: boolean;
  /** False for a viewer: the editor offers no comment button (default true). */
  canComment?: boolean;
  /** VMPI bands of the workspace (optional; the format's defaults otherwise). */
  bands?: Band[];
  /** Told when presentation mode starts or ends (the page may hide its own chrome). */
  onPresentChange?: (on: boolean) => void;
  /** The workspace's personas, to name other personas' emotion curves (optional). */
  personas?: Array<{ id: string; name: string }>;
}

/** Full screen for a presentation, when the browser allows it (a refusal leaves the in-page presentation). */
function fullScreen(on: boolean): void {
  try {
    if (on && !document.fullscreenElement) void document.documentElement.requestFullscreen?.().catch(() => undefined);
    else if (!on && document.fullscreenElement) void document.exitFullscreen?.().catch(() => undefined);
  } catch {
    // no full screen here (an embedded frame, an old browser): the presentation still fills the window
  }
}

const TEXT_FIELD: Record<string, string> = {
  stage: "name",
  step: "name",
  lane: "title",
  card: "text",
  touchpoint: "name",
  moment: "title",
  challenge: "text",
  contingency: "text",
  "value-moment": "name",
  opportunity: "text",
  actor: "name",
  flow: "label",
  space: "name",
  tower: "name",
  box: "text",
  support: "text",
};

/** Normalise the map type names (the studio passes the format's names; short names are accepted too). */
export function viewOf(mapType: string): "grid" | "network" | "towers" {
  if (mapType === "ecosystem-map" || mapType === "ecosystem") return "network";
  if (mapType === "mental-model-diagram" || mapType === "mental-model") return "towers";
  return "grid";
}

const LONG: Record<string, string> = {
  journey: "customer-journey-map",
  blueprint: "service-blueprint",
  experience: "experience-map",
  "value-moments": "value-moments-planner",
};

export function MapEditor(props: MapEditorProps): JSX.Element {
  const { doc, awareness, undo } = props.session;
  const root = doc.getMap("map") as Y.Map<unknown>;
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [presenceTick, setPresenceTick] = useState(0);
  const [presenting, setPresentingState] = useState(false);
  const { onPresentChange } = props;
  const setPresenting = useCallback(
    (on: boolean) => {
      setPresentingState(on);
      fullScreen(on);
      onPresentChange?.(on);
    },
    [onPresentChange],
  );

  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    root.observeDeep(bump);
    bump(); // an update that arrived before this effect attached the observer is shown too
    undo.addTrackedOrigin(ORIGIN);
    return () => root.unobserveDeep(bump);
  }, [root, undo]);

  useEffect(() => {
    onCursorChange(() => setPresenceTick((v) => v + 1));
    setPresenceTick((v) => v + 1);
    return () => onCursorChange(null);
  }, []);

  useEffect(() => {
    const bump = () => setPresenceTick((v) => v + 1);
    awareness.on("change", bump);
    bump(); // presence that changed before the listener was attached
    return () => awareness.off("change", bump);
  }, [awareness]);

  // my focus follows my selection
  useEffect(() => {
    const state = awareness.getLocalState() as { focus?: unknown } | null;
    if (state && state.focus !== props.selected) awareness.setLocalStateField("focus", props.selected);
  }, [awareness, props.selected]);

  // eslint-disable-next-line react-hooks/exhaustive-deps -- the Y document changes in place: version counts its updates
  const idx: DocIndex = useMemo(() => indexDoc(root), [root, version]);
  const data = idx.data;
  const mapType = LONG[props.mapType] ?? (props.mapType || str(data.type, "customer-journey-map"));
  const view = viewOf(mapType);

  const presence = useMemo(() => {
    const out = new Map<string, PresenceMark[]>();
    const seen = new Set<number>();
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID) return;
      const s = state as { user?: { id?: number; name?: string; colour?: string }; focus?: unknown } | null;
      if (!s?.user || typeof s.focus !== "string" || !s.focus) return;
      if (typeof s.user.id === "number") {
        if (seen.has(s.user.id)) return;
        seen.add(s.user.id);
      }
      const list = out.get(s.focus) ?? [];
      list.push({ name: String(s.user.name ?? "?"), colour: String(s.user.colour ?? "#888") });
      out.set(s.focus, list);
    });
    return out;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- awareness changes in place: presenceTick counts its updates
  }, [awareness, presenceTick]);

  const lint = useMemo(() => {
    const out = new Map<string, Finding[]>();
    for (const f of props.lint) {
      let id = f.element && idx.byId.has(f.element) ? f.element : null;
      if (!id && f.where) id = elementAt(data, f.where);
      if (!id || !idx.byId.has(id)) continue;
      const list = out.get(id) ?? [];
      list.push(f);
      out.set(id, list);
    }
    return out;
  }, [props.lint, idx, data]);

  // The keyboard stays with the map: when the control that had the focus went away (a tool of a selection that
  // changed, an inline editor that committed), the focus returns to the editor, not to the page's <body>.
  useEffect(() => {
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const root = document.querySelector<HTMLElement>(`[data-testid="map-editor"][data-map-id="${props.mapId}"]`);
    root?.focus({ preventScroll: true });
  }, [props.selected, editing, version, props.mapId]);

  // a selection whose element was removed (by me, by undo or by someone else) is dropped
  const { selected, onSelect } = props;
  useEffect(() => {
    if (selected && !idx.byId.has(selected) && !selected.startsWith("~")) {
      const renamed = renamedTo(doc, selected); // its first name gave it a new id: it stays selected
      onSelect(renamed && idx.byId.has(renamed) ? renamed : null);
    }
  }, [idx, selected, onSelect, doc]);

  const ctx: EditorContext = {
    doc,
    idx,
    readOnly: props.readOnly || presenting,
    selected: props.selected,
    select: (id) => {
      if (id !== props.selected) setEditing(null);
      props.onSelect(id);
    },
    editing,
    setEditing,
    presence,
    lint,
    commentCounts: props.commentCounts,
    onComment: props.onComment,
    canComment: props.canComment,
    personas: props.personas,
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest("input, textarea, select, [contenteditable]") || e.defaultPrevented) return;
    const mod = e.ctrlKey || e.metaKey;
    if (presenting) return;
    if (mod && (e.key === "z" || e.key === "Z")) {
      e.preventDefault();
      e.stopPropagation();
      if (props.readOnly) return;
      if (e.shiftKey) undo.redo();
      else undo.undo();
      return;
    }
    if (mod && (e.key === "y" || e.key === "Y")) {
      e.preventDefault();
      e.stopPropagation();
      if (props.readOnly) return;
      undo.redo();
      return;
    }
    if (mod || e.altKey) return;
    const sel = props.selected;
    const loc = sel ? idx.byId.get(sel) : undefined;
    if (e.key === "Escape") {
      // One Esc drops the selection and nothing else: marked handled so the page does not also close its side
      // panel. With nothing selected the Esc is left to the page (a second Esc closes the panel).
      if (sel) {
        e.preventDefault();
        ctx.select(null);
      }
      return;
    }
    if ((e.key === "Delete" || e.key === "Backspace") && loc && !props.readOnly) {
      e.preventDefault();
      removeElement(doc, idx, loc.id);
      ctx.select(null);
      return;
    }
    if (e.key === "Enter" && !props.readOnly) {
      e.preventDefault();
      if (loc && TEXT_FIELD[loc.kind]) {
        setEditing(`${loc.id}:${TEXT_FIELD[loc.kind]}`);
      } else if (!sel && view === "grid" && cellCursor.lane && idx.byId.has(cellCursor.lane) && idx.byId.has(cellCursor.step)) {
        const id = addCard(doc, idx, cellCursor.lane, cellCursor.step, "");
        ctx.select(id);
        setEditing(`${id}:text`);
      }
      return;
    }
    if (view !== "grid") return;
    if (e.key === "n" && !props.readOnly) {
      e.preventDefault();
      const step = currentStep(idx, sel);
      const id = addStep(doc, idx, { afterId: step });
      if (id) ctx.select(id);
      return;
    }
    const dir = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[e.key];
    if (dir) {
      e.preventDefault();
      navigate(ctx, mapType, dir[0]!, dir[1]!);
    }
  };

  let body: JSX.Element;
  if (view === "network") body = <NetworkEditor />;
  else if (view === "towers") body = <TowersEditor />;
  else body = <GridEditor mapType={mapType} bands={props.bands ?? DEFAULT_BANDS} />;

  const rootProps = {
    class: `jm-editor jm-view-${view}${ctx.readOnly ? " is-readonly" : ""}`,
    "data-testid": "map-editor",
    "data-map-id": props.mapId,
    "data-map-type": mapType,
    tabIndex: 0,
    onKeyDown,
    onClick: (e: MouseEvent) => {
      const target = e.target as HTMLElement;
      if (target === e.currentTarget || target.classList.contains("jm-zoom")) ctx.select(null);
    },
  };
  const stageNames = view === "grid" ? arr(data.stages).map((s) => str(s.name)) : [];

  return (
    <Ctx.Provider value={ctx}>
      <Viewport
        rootProps={rootProps}
        version={version}
        presenting={presenting}
        setPresenting={setPresenting}
        stageNames={stageNames}
        headWidth={HEAD_W}
      >
        {body}
      </Viewport>
    </Ctx.Provider>
  );
}

/** The step the selection is on (a step, a card's step, a touchpoint's step…) or the cursor's. */
function currentStep(idx: DocIndex, sel: string | null): string | null {
  if (sel) {
    const loc = idx.byId.get(sel);
    if (loc?.kind === "step") return sel;
    if (loc?.kind === "stage") {
      const stage = arr(idx.data.stages).find((s) => s.id === sel);
      const steps = arr(stage?.steps);
      return steps.length ? str(steps[steps.length - 1]!.id) : null;
    }
    const step = loc?.ymap?.get("step");
    if (typeof step === "string") return step;
  }
  if (cellCursor.step && idx.byId.has(cellCursor.step)) return cellCursor.step;
  const steps = allSteps(idx.data);
  return steps.length ? steps[steps.length - 1]!.id : null;
}

/** Arrow keys: rows are the stage header (-2), the step header (-1) and the lanes; columns the steps. */
function navigate(ctx: EditorContext, mapType: string, dRow: number, dCol: number): void {
  const { idx } = ctx;
  const model = gridModel(idx.data, mapType);
  const steps = model.columns.filter((c) => c !== null);
  const rows = model.rows.filter((r) => r.lane !== null);
  if (!steps.length) return;
  const sel = ctx.selected;
  const loc = sel ? idx.byId.get(sel) : undefined;
  let row: number;
  let col: number;
  let item = 0;
  if (loc?.kind === "card") {
    const laneId = rows.findIndex((r) => arr(r.lane!.cards).some((c) => c.id === sel));
    const card = arr(rows[laneId]?.lane?.cards).find((c) => c.id === sel);
    row = laneId;
    col = Math.max(0, steps.findIndex((s) => s!.id === card?.step));
    item = cardsAt(rows[row]!, steps[col]!.id).findIndex((c) => c.id === sel);
  } else if (loc?.kind === "step") {
    row = -1;
    col = steps.findIndex((s) => s!.id === sel);
  } else if (loc?.kind === "stage") {
    row = -2;
    col = Math.max(0, steps.findIndex((s) => s!.stageId === sel));
  } else if (loc?.kind === "lane") {
    row = rows.findIndex((r) => r.id === sel);
    col = -1;
  } else if (cellCursor.lane) {
    row = rows.findIndex((r) => r.id === cellCursor.lane);
    col = steps.findIndex((s) => s!.id === cellCursor.step);
    if (row < 0 || col < 0) {
      row = 0;
      col = 0;
    }
  } else {
    row = -1;
    col = 0;
    dRow = 0;
    dCol = 0;
  }
  // moving inside a cell's stack of cards first
  if (dRow !== 0 && row >= 0 && col >= 0) {
    const here = cardsAt(rows[row]!, steps[col]!.id);
    const next = item + dRow;
    if (here.length > 1 && next >= 0 && next < here.length && loc?.kind === "card") {
      ctx.select(str(here[next]!.id));
      return;
    }
  }
  row = Math.max(-2, Math.min(rows.length - 1, row + dRow));
  col = Math.max(row >= 0 ? -1 : 0, Math.min(steps.length - 1, col + dCol));
  if (row === -2) return ctx.select(steps[col]!.stageId);
  if (row === -1) return ctx.select(steps[col]!.id);
  const r = rows[row]!;
  if (col === -1) return ctx.select(r.id);
  const cards = cardsAt(r, steps[col]!.id);
  setCellCursor(r.id, steps[col]!.id);
  if (cards.length) ctx.select(str(cards[dRow < 0 ? cards.length - 1 : 0]!.id));
  else ctx.select(null);
}
