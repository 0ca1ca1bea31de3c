// The grid editor of timeline maps (journey map, service blueprint, experience map, value-moments planner):
// stages as column groups, steps as columns, lanes as rows, the emotion curve above.

import type { JSX } from "preact";
import { EmotionCurve, OtherCurvesKey } from "./curve";
import {
  Icon,
  InlineText,
  Marks,
  NumberField,
  Toolbar,
  cx,
  dragProps,
  dropProps,
  elementLook,
  useEditor,
  type EditorContext,
} from "./common";
import {
  addCard,
  addChallenge,
  addContingency,
  addOpportunity,
  addLane,
  addStage,
  addStep,
  addTouchpoint,
  addValueMoment,
  allSteps,
  arr,
  bandOf,
  emotionOf,
  indexIn,
  mapVmpi,
  momentsOn,
  moveCard,
  moveElement,
  num,
  removeElement,
  round1,
  setEmotion,
  setField,
  str,
  strs,
  toggleInList,
  toggleMomentOfTruth,
  vmpi,
  type Band,
  type Obj,
  type StepInfo,
} from "./model";
import { LANE_KINDS, VALUE_MOMENTS_ROW, laneChoices, laneLabel, laneRows, type LaneRow } from "./lanes";
import { useCatalog } from "../catalog";
import { useState } from "preact/hooks";
import { SubJourneyLink, SubJourneyPicker } from "./subJourney";
import { HeatCell } from "../panels/FeedbackHeat";

export const COL_W = 236;
export const HEAD_W = 196;

export const CHANNELS = ["web", "app", "phone", "email", "chat", "sms", "store", "branch", "letter", "in-person", "other"];
export const TP_KINDS = ["static", "interactive", "human"];
export const VALUE_TYPES = ["functional", "social", "emotional", "epistemic", "conditional"];
const SWATCHES = ["#d9534f", "#f0ad4e", "#f7e07a", "#5cb85c", "#5bc0de", "#9b8fe0"];
const LINE_LABEL: Record<string, string> = {
  interaction: "line of interaction",
  visibility: "line of visibility",
  "internal-interaction": "line of internal interaction",
};

type Column = StepInfo | null;

export interface GridModel {
  stages: Obj[];
  columns: Column[]; // a null column stands for a stage without steps
  stageOfColumn: string[];
  rows: LaneRow[];
}

export function gridModel(data: Obj, mapType: string): GridModel {
  const stages = arr(data.stages);
  const steps = allSteps(data);
  const columns: Column[] = [];
  const stageOfColumn: string[] = [];
  let k = 0;
  for (const stage of stages) {
    const n = arr(stage.steps).length;
    if (n === 0) {
      columns.push(null);
      stageOfColumn.push(str(stage.id));
    }
    for (let i = 0; i < n; i++) {
      columns.push(steps[k++] ?? null);
      stageOfColumn.push(str(stage.id));
    }
  }
  return { stages, columns, stageOfColumn, rows: laneRows(data, mapType) };
}

export function cardsAt(row: LaneRow, stepId: string): Obj[] {
  return row.lane ? arr(row.lane.cards).filter((c) => c.step === stepId) : [];
}

export function GridEditor({ mapType, bands }: { mapType: string; bands: Band[] }) {
  const ctx = useEditor();
  const { data } = ctx.idx;
  const model = gridModel(data, mapType);
  const { columns, stages, rows } = model;
  const canEdit = !ctx.readOnly;
  const n = Math.max(1, columns.length);
  const template = { gridTemplateColumns: `${HEAD_W}px repeat(${n}, ${COL_W}px) ${canEdit ? 120 : 0}px` };
  const lines = arr(data.blueprint_lines);
  const mapV = mapVmpi(arr(data.value_moments));

  return (
    <div class="jm-grid" style={template} data-testid="grid">
      {/* stage header row */}
      <div class="jm-corner jm-corner-stages">
        <span class="jm-corner-title">Stages</span>
        {mapV !== null && (
          <span class="jm-map-vmpi" data-testid="map-vmpi" style={{ background: bandOf(mapV, bands).colour }}>
            VMPI {Math.round(mapV)} %
          </span>
        )}
      </div>
      {stages.map((stage) => {
        const id = str(stage.id);
        const span = Math.max(1, arr(stage.steps).length);
        const look = elementLook(ctx, id);
        return (
          <div
            key={id}
            class={cx("jm-stage", look.cls)}
            style={{ gridColumn: `span ${span}`, ...look.style }}
            data-testid="stage"
            data-id={id}
            onClick={() => ctx.select(id)}
            {...dragProps({ kind: "stage", id }, canEdit)}
            {...dropProps(
              (it) => it.kind === "stage" || it.kind === "step",
              (it, after) => {
                if (it.kind === "stage") {
                  if (it.id !== id) moveElement(ctx.doc, ctx.idx, it.id, null, "stages", indexIn(ctx.idx, id) + (after ? 1 : 0));
                } else {
                  moveElement(ctx.doc, ctx.idx, it.id, id, "steps", after ? arr(stage.steps).length : 0);
                }
              },
            )}
          >
            {canEdit && <span class="jm-grip" title="Drag to reorder"><Icon name="grip" /></span>}
            <InlineText
              id={id}
              field="name"
              value={str(stage.name)}
              placeholder="Stage name"
              class="jm-stage-name"
              onCommit={(t) => setField(ctx.doc, ctx.idx, id, "name", t || "Stage")}
            />
            <Marks id={id} />
            {canEdit && ctx.selected === id && (
              <Toolbar inline>
                <button type="button" class="jm-tb" data-testid="add-step-in-stage" title="Add a step at the end of this stage" onClick={() => nameNew(ctx, addStep(ctx.doc, ctx.idx, { stageId: id }))}>
                  <Icon name="plus" /> step
                </button>
                <button type="button" class="jm-tb" data-testid="add-stage-after" title="Add a stage after this one" onClick={() => nameNew(ctx, addStage(ctx.doc, ctx.idx, "New stage", indexIn(ctx.idx, id) + 1))}>
                  <Icon name="plus" /> stage
                </button>
                <button type="button" class="jm-tb is-danger" data-testid="delete-stage" onClick={() => { removeElement(ctx.doc, ctx.idx, id); ctx.select(null); }}>
                  <Icon name="trash" />
                </button>
              </Toolbar>
            )}
          </div>
        );
      })}
      {stages.length === 0 && <div class="jm-stage is-placeholder">No stages yet</div>}
      <div class="jm-add-col">
        {canEdit && (
          <button
            type="button"
            class="jm-add"
            data-testid="add-stage"
            {...dropProps((it) => it.kind === "stage", (it) => moveElement(ctx.doc, ctx.idx, it.id, null, "stages", stages.length))}
            onClick={() => nameNew(ctx, addStage(ctx.doc, ctx.idx, "New stage", stages.length))}
          >
            <Icon name="plus" /> Stage
          </button>
        )}
      </div>

      {/* step header row */}
      <div class="jm-corner">Steps</div>
      {columns.map((col, i) => (col ? <StepHead key={col.id} step={col} /> : <EmptyStage key={`empty-${i}`} stageId={model.stageOfColumn[i]!} />))}
      {columns.length === 0 && <div class="jm-step is-placeholder" />}
      <div class="jm-add-col">
        {canEdit && (
          <button type="button" class="jm-add" data-testid="add-step" onClick={() => nameNew(ctx, addStep(ctx.doc, ctx.idx, {}))}>
            <Icon name="plus" /> Step
          </button>
        )}
      </div>

      {/* emotion curve */}
      <div class="jm-corner jm-lane-head jm-curve-head">
        <span class="jm-lane-title">Emotional level</span>
        <span class="jm-legend">
          <span class="jm-legend-est">≈ estimate</span> <span class="jm-legend-meas">● measured</span>
        </span>
        <OtherCurvesKey columns={columns} />
      </div>
      <div class="jm-curve-cell" style={{ gridColumn: `span ${n}` }}>
        <EmotionCurve columns={columns} colWidth={COL_W} />
        <EmotionInput columns={columns} />
      </div>
      <div class="jm-add-col" />

      {/* lanes */}
      {rows.map((row) => {
        const below = lines.filter((l) => l.after === row.id);
        return [
          <LaneHead key={`h-${row.id}`} row={row} />,
          ...columns.map((col, i) =>
            col ? <Cell key={`${row.id}-${col.id}`} row={row} step={col} mapType={mapType} bands={bands} /> : <div key={`${row.id}-e${i}`} class="jm-cell is-void" />,
          ),
          <div key={`a-${row.id}`} class="jm-add-col" />,
          ...below.map((l) => (
            <div key={`line-${row.id}-${str(l.kind)}`} class={cx("jm-bp-line", `is-${str(l.kind)}`)} style={{ gridColumn: `1 / span ${n + 2}` }} data-testid="blueprint-line">
              <span>{LINE_LABEL[str(l.kind)] ?? str(l.kind)}</span>
            </div>
          )),
        ];
      })}
      {canEdit && <AddLane count={arr(data.lanes).length} span={n + 2} mapType={mapType} />}
    </div>
  );
}

/** The selected step's emotional level as a number field over its column of the curve (1–10, half steps), for
 * the keyboard; a measured level is shown, locked. */
function EmotionInput({ columns }: { columns: Column[] }) {
  const ctx = useEditor();
  const i = columns.findIndex((c) => c !== null && c.id === ctx.selected);
  const col = i >= 0 ? columns[i] : null;
  if (!col || ctx.readOnly) return null;
  const e = emotionOf(col.step);
  const value = e.kind === "measured" ? e.mean : e.kind === "estimate" ? e.value : null;
  return (
    <div class="jm-emotion-input" style={{ left: `${i * COL_W + COL_W / 2 + 12}px` }} onClick={(ev) => ev.stopPropagation()}>
      {e.kind === "measured" ? (
        <span data-testid="emotion-measured">measured {round1(e.mean)} (locked)</span>
      ) : (
        <NumberField
          label="Emotional level"
          testid="emotion-input"
          value={value}
          min={1}
          max={10}
          step={0.5}
          onCommit={(v) => v !== null && setEmotion(ctx.doc, ctx.idx, col.id, v)}
        />
      )}
    </div>
  );
}

function AddLane({ count, span, mapType }: { count: number; span: number; mapType: string }) {
  const ctx = useEditor();
  const { catalog } = useCatalog();
  const [more, setMore] = useState(false);
  const typeLanes = catalog ? (catalog.map_types.find((t) => t.name === mapType)?.lanes ?? null) : null;
  const { primary, other } = laneChoices(typeLanes);
  const option = (k: string) => (
    <option key={k} value={k}>
      {k === "custom" ? "Custom lane" : laneLabel(k)}
    </option>
  );
  return (
    <div class="jm-add-lane" style={{ gridColumn: `1 / span ${span}` }}>
      <select
        class="jm-select"
        data-testid="add-lane"
        aria-label="Add a lane"
        value=""
        {...dropProps((it) => it.kind === "lane", (it) => moveElement(ctx.doc, ctx.idx, it.id, null, "lanes", count), "y")}
        onChange={(e) => {
          const select = e.target as HTMLSelectElement;
          const kind = select.value;
          select.value = "";
          if (kind === "~more") return setMore(true);
          if (!kind) return;
          const id = addLane(ctx.doc, ctx.idx, kind, kind === "custom" ? "New lane" : null, count);
          ctx.select(id);
        }}
      >
        <option value="">+ Add a lane…</option>
        {primary.map(option)}
        {other.length > 0 && !more && <option value="~more">Other kinds…</option>}
        {other.length > 0 && more && <optgroup label="Other kinds">{other.map(option)}</optgroup>}
      </select>
    </div>
  );
}

function EmptyStage({ stageId }: { stageId: string }) {
  const ctx = useEditor();
  return (
    <div
      class="jm-step is-placeholder"
      {...dropProps((it) => it.kind === "step", (it) => moveElement(ctx.doc, ctx.idx, it.id, stageId, "steps", 0))}
    >
      {!ctx.readOnly && (
        <button type="button" class="jm-add" onClick={() => nameNew(ctx, addStep(ctx.doc, ctx.idx, { stageId }))}>
          <Icon name="plus" /> Step
        </button>
      )}
    </div>
  );
}

function StepHead({ step }: { step: StepInfo }) {
  const ctx = useEditor();
  const id = step.id;
  const look = elementLook(ctx, id);
  const mots = momentsOn(ctx.idx.data, id);
  const canEdit = !ctx.readOnly;
  const phase = str(step.step.narrative_phase);
  return (
    <div
      class={cx("jm-step", look.cls, mots.length > 0 && "is-mot")}
      style={look.style}
      data-testid="step"
      data-id={id}
      onClick={() => ctx.select(id)}
      {...dragProps({ kind: "step", id }, canEdit)}
      {...dropProps(
        (it) => it.kind === "step" && it.id !== id,
        (it, after) => moveElement(ctx.doc, ctx.idx, it.id, step.stageId, "steps", indexIn(ctx.idx, id) + (after ? 1 : 0)),
      )}
    >
      <div class="jm-step-top">
        {canEdit && <span class="jm-grip"><Icon name="grip" /></span>}
        <button
          type="button"
          class={cx("jm-mot-toggle", mots.length > 0 && "is-on")}
          data-testid="mot-toggle"
          data-id={id}
          aria-pressed={mots.length > 0}
          title={mots.length ? "Moment of truth (click to remove)" : "Mark as a moment of truth"}
          disabled={!canEdit}
          onClick={(e) => {
            e.stopPropagation();
            toggleMomentOfTruth(ctx.doc, ctx.idx, id);
          }}
        >
          <Icon name="star" />
        </button>
        {phase && <span class="jm-phase">{phase.replace(/-/g, " ")}</span>}
        {canEdit && ctx.selected === id && (
          <Toolbar inline>
            <button type="button" class="jm-tb" data-testid="add-step-after" title="Add a step after this one" onClick={(e) => { e.stopPropagation(); nameNew(ctx, addStep(ctx.doc, ctx.idx, { afterId: id })); }}>
              <Icon name="plus" /> after
            </button>
            <button type="button" class="jm-tb" data-testid="add-challenge" title="Add a service challenge on this step" onClick={(e) => { e.stopPropagation(); newChallenge(ctx, id); }}>
              <Icon name="plus" /> challenge
            </button>
            <button type="button" class="jm-tb" data-testid="add-opportunity" title="Add an opportunity on this step" onClick={(e) => { e.stopPropagation(); newOpportunity(ctx, id); }}>
              <Icon name="plus" /> opportunity
            </button>
            <SubJourneyPicker stepId={id} value={step.step.sub_journey} />
            <button type="button" class="jm-tb is-danger" data-testid="delete-step" title="Delete the step" onClick={() => { removeElement(ctx.doc, ctx.idx, id); ctx.select(null); }}>
              <Icon name="trash" />
            </button>
          </Toolbar>
        )}
      </div>
      <InlineText
        id={id}
        field="name"
        value={step.name}
        placeholder="Step name"
        class="jm-step-name"
        onCommit={(t) => setField(ctx.doc, ctx.idx, id, "name", t || "Step")}
      />
      <SubJourneyLink stepId={id} value={step.step.sub_journey} />
      <Marks id={id} />
      <HeatCell stepId={id} />
    </div>
  );
}

function LaneHead({ row }: { row: LaneRow }) {
  const ctx = useEditor();
  const id = row.id;
  const look = elementLook(ctx, id);
  const canEdit = !ctx.readOnly && row.lane !== null;
  return (
    <div
      class={cx("jm-lane-head", `kind-${row.kind}`, look.cls, !row.lane && "is-virtual")}
      style={look.style}
      data-testid="lane"
      data-id={id}
      data-kind={row.kind}
      onClick={() => row.lane && ctx.select(id)}
      {...dragProps({ kind: "lane", id }, canEdit)}
      {...dropProps(
        (it) => it.kind === "lane" && it.id !== id && row.lane !== null,
        (it, after) => moveElement(ctx.doc, ctx.idx, it.id, null, "lanes", indexIn(ctx.idx, id) + (after ? 1 : 0)),
        "y",
      )}
    >
      {canEdit && <span class="jm-grip"><Icon name="grip" /></span>}
      <span class={cx("jm-lane-dot", `kind-${row.kind}`)} />
      {row.lane ? (
        <InlineText
          id={id}
          field="title"
          value={row.title}
          class="jm-lane-title"
          onCommit={(t) => setField(ctx.doc, ctx.idx, id, "title", t || undefined)}
        />
      ) : (
        <span class="jm-lane-title">{row.title}</span>
      )}
      <Marks id={id} />
      {canEdit && ctx.selected === id && (
        <Toolbar>
          <select
            class="jm-select jm-select-sm"
            data-testid="lane-kind"
            value={row.kind}
            onChange={(e) => setField(ctx.doc, ctx.idx, id, "kind", (e.target as HTMLSelectElement).value)}
          >
            {LANE_KINDS.map((k) => (
              <option key={k} value={k}>
                {laneLabel(k)}
              </option>
            ))}
          </select>
          <button type="button" class="jm-tb is-danger" data-testid="delete-lane" onClick={() => { removeElement(ctx.doc, ctx.idx, id); ctx.select(null); }}>
            <Icon name="trash" />
          </button>
        </Toolbar>
      )}
    </div>
  );
}

function Cell({ row, step, mapType, bands }: { row: LaneRow; step: StepInfo; mapType: string; bands: Band[] }) {
  const ctx = useEditor();
  const cards = cardsAt(row, step.id);
  const data = ctx.idx.data;
  const canEdit = !ctx.readOnly;
  const cursor = ctx.selected === null && cellCursor.lane === row.id && cellCursor.step === step.id;
  const extra: JSX.Element[] = [];
  const vms = arr(data.value_moments).filter((v) => v.step === step.id);
  switch (row.kind) {
    case "touchpoints":
      for (const tp of arr(data.touchpoints).filter((t) => t.step === step.id)) extra.push(<TouchpointCard key={str(tp.id)} tp={tp} />);
      break;
    case "moments-of-truth":
      for (const m of momentsOn(data, step.id)) extra.push(<MomentCard key={str(m.id)} m={m} />);
      break;
    case "service-challenges":
      for (const sc of arr(data.service_challenges).filter((s) => s.step === step.id)) extra.push(<ChallengeCard key={str(sc.id)} sc={sc} />);
      break;
    case "opportunities":
      for (const o of arr(data.opportunities).filter((o) => strs(o.steps).includes(step.id))) {
        const oid = str(o.id);
        const look = elementLook(ctx, oid);
        extra.push(
          <div key={oid} class={cx("jm-card", "jm-opp", look.cls)} style={look.style} data-testid="opportunity" data-id={oid} onClick={(e) => { e.stopPropagation(); ctx.select(oid); }}>
            <InlineText id={oid} field="text" value={str(o.text)} onCommit={(t) => setField(ctx.doc, ctx.idx, oid, "text", t)} />
            {num(o.score) !== null && <span class="jm-chip">score {num(o.score)}</span>}
            <Marks id={oid} />
          </div>,
        );
      }
      break;
    case "emotion": {
      const e = emotionOf(step.step);
      extra.push(
        <div key="emo" class="jm-emotion-chip" data-kind={e.kind}>
          {e.kind === "none" ? "—" : e.kind === "estimate" ? `≈${e.value} est.` : `${round1(e.mean)} (n=${e.n})`}
        </div>,
      );
      break;
    }
    case "expectations":
    case "experience":
    case "vmpi-results":
      for (const vm of vms) extra.push(<ValueMomentCard key={str(vm.id)} vm={vm} show={row.lane ? row.kind : "all"} bands={bands} />);
      break;
  }
  const addLabel: string | null =
    row.kind === "touchpoints"
      ? "touchpoint"
      : (row.kind === "expectations" && mapType === "value-moments-planner") || row.id === VALUE_MOMENTS_ROW
        ? "value moment"
        : row.lane && row.kind !== "emotion"
          ? "card"
          : null;
  return (
    <div
      class={cx("jm-cell", cursor && "is-cursor", `kind-${row.kind}`)}
      data-testid="cell"
      data-lane={row.id}
      data-step={step.id}
      onClick={() => {
        setCellCursor(row.id, step.id);
        ctx.select(null);
      }}
      {...dropProps(
        (it) => it.kind === "card" && row.lane !== null,
        (it) => moveCard(ctx.doc, ctx.idx, it.id, row.id, step.id),
        "y",
      )}
    >
      {extra}
      {cards.map((c) => (
        <Card key={str(c.id)} card={c} row={row} step={step} />
      ))}
      {canEdit && addLabel && (
        <button
          type="button"
          class="jm-add jm-add-card"
          data-testid="add-card"
          data-lane={row.id}
          data-step={step.id}
          onClick={(e) => {
            e.stopPropagation();
            if (addLabel === "touchpoint") {
              const id = addTouchpoint(ctx.doc, ctx.idx, step.id, "New touchpoint");
              ctx.select(id);
              ctx.setEditing(`${id}:name`);
            } else if (addLabel === "value moment") {
              const id = addValueMoment(ctx.doc, ctx.idx, step.id, "New value moment");
              ctx.select(id);
              ctx.setEditing(`${id}:name`);
            } else if (row.lane) {
              const id = addCard(ctx.doc, ctx.idx, row.id, step.id, "");
              ctx.select(id);
              ctx.setEditing(`${id}:text`);
            }
          }}
        >
          <Icon name="plus" />
          <span class="jm-add-label">{addLabel}</span>
        </button>
      )}
      {canEdit && row.kind === "service-challenges" && (
        <button type="button" class="jm-add jm-add-card" data-testid="add-challenge" data-lane={row.id} data-step={step.id} onClick={(e) => { e.stopPropagation(); newChallenge(ctx, step.id); }}>
          <Icon name="plus" />
          <span class="jm-add-label">challenge</span>
        </button>
      )}
      {canEdit && row.kind === "opportunities" && (
        <button type="button" class="jm-add jm-add-card" data-testid="add-opportunity" data-lane={row.id} data-step={step.id} onClick={(e) => { e.stopPropagation(); newOpportunity(ctx, step.id); }}>
          <Icon name="plus" />
          <span class="jm-add-label">opportunity</span>
        </button>
      )}
    </div>
  );
}

/** Select a new stage or step and edit its name at once (the focus goes to its name, not to the page; the name
 * typed gives it its id). */
function nameNew(ctx: EditorContext, id: string | null): void {
  ctx.select(id);
  if (id) ctx.setEditing(`${id}:name`);
}

/** Add a service challenge (with a first contingency) on a step, select it and edit its text. */
function newChallenge(ctx: EditorContext, stepId: string): void {
  const id = addChallenge(ctx.doc, ctx.idx, stepId, "New challenge", "New contingency");
  ctx.select(id);
  ctx.setEditing(`${id}:text`);
}

/** Add an opportunity on a step, select it and edit its text. */
function newOpportunity(ctx: EditorContext, stepId: string): void {
  const id = addOpportunity(ctx.doc, ctx.idx, stepId, "New opportunity");
  ctx.select(id);
  ctx.setEditing(`${id}:text`);
}

/** The cursor on an empty cell (when no element is selected). */
export let cellCursor: { lane: string; step: string } = { lane: "", step: "" };
let cursorListener: (() => void) | null = null;
export function setCellCursor(lane: string, step: string): void {
  cellCursor = { lane, step };
  cursorListener?.();
}
export function onCursorChange(listener: (() => void) | null): void {
  cursorListener = listener;
}

/** Tab from a card: edit the next card of the lane (creating one in the next step when it has none). */
function tabFrom(ctx: EditorContext, row: LaneRow, step: StepInfo, cardId: string, back: boolean): void {
  const steps = allSteps(ctx.idx.data);
  const cardsHere = cardsAt(row, step.id);
  const pos = cardsHere.findIndex((c) => c.id === cardId);
  if (!back && pos < cardsHere.length - 1) return editCard(ctx, str(cardsHere[pos + 1]!.id));
  if (back && pos > 0) return editCard(ctx, str(cardsHere[pos - 1]!.id));
  const next = steps[step.index + (back ? -1 : 1)];
  if (!next) return;
  const there = cardsAt(row, next.id);
  if (there.length) return editCard(ctx, str(there[back ? there.length - 1 : 0]!.id));
  if (row.lane && !back) {
    const id = addCard(ctx.doc, ctx.idx, row.id, next.id, "");
    editCard(ctx, id);
  } else {
    setCellCursor(row.id, next.id);
    ctx.select(null);
  }
}

function editCard(ctx: EditorContext, id: string): void {
  ctx.select(id);
  ctx.setEditing(`${id}:text`);
}

function Card({ card, row, step }: { card: Obj; row: LaneRow; step: StepInfo }) {
  const ctx = useEditor();
  const id = str(card.id);
  const look = elementLook(ctx, id);
  const canEdit = !ctx.readOnly;
  const colour = str(card.colour);
  const weight = num(card.weight);
  const tags = strs(card.tags);
  const style: Record<string, string> = { ...look.style };
  if (colour) style["--jm-card"] = colour;
  return (
    <div
      class={cx("jm-card", `kind-${row.kind}`, colour && "has-colour", look.cls)}
      style={style}
      data-testid="card"
      data-id={id}
      onClick={(e) => {
        e.stopPropagation();
        ctx.select(id);
      }}
      {...dragProps({ kind: "card", id }, canEdit && ctx.editing !== `${id}:text`)}
    >
      <InlineText
        id={id}
        field="text"
        value={str(card.text)}
        placeholder="Write…"
        multiline
        class="jm-card-text"
        onCommit={(t) => {
          if (!t) removeElement(ctx.doc, ctx.idx, id);
          else setField(ctx.doc, ctx.idx, id, "text", t);
        }}
        onTab={(back) => tabFrom(ctx, row, step, id, back)}
      />
      {(tags.length > 0 || weight !== null || (card.evidence && arr(card.evidence).length > 0)) && (
        <div class="jm-card-meta">
          {weight !== null && (
            <span class="jm-weight" title={`weight ${weight}`} data-testid="card-weight">
              {"●".repeat(Math.max(0, Math.min(5, weight)))}
              <span class="jm-weight-off">{"●".repeat(Math.max(0, 5 - weight))}</span>
            </span>
          )}
          {tags.map((t) => (
            <span key={t} class="jm-tag">
              {t}
            </span>
          ))}
          {arr(card.evidence).length > 0 && (
            <span class="jm-evidence" title={arr(card.evidence).map((ev) => `${str(ev.dataset)}${num(ev.n) ? ` (n=${num(ev.n)})` : ""}${ev.quote ? `: “${str(ev.quote)}”` : ""}`).join("\n")}>
              evidence
            </span>
          )}
        </div>
      )}
      <Marks id={id} />
      {canEdit && ctx.selected === id && ctx.editing !== `${id}:text` && (
        <Toolbar>
          {SWATCHES.map((s) => (
            <button
              key={s}
              type="button"
              class={cx("jm-swatch", colour === s && "is-on")}
              style={{ background: s }}
              title={`Colour ${s}`}
              data-testid="card-colour"
              onClick={() => setField(ctx.doc, ctx.idx, id, "colour", colour === s ? undefined : s)}
            />
          ))}
          <span class="jm-tb-sep" />
          {[1, 2, 3, 4, 5].map((w) => (
            <button
              key={w}
              type="button"
              class={cx("jm-tb jm-tb-w", weight !== null && w <= weight && "is-on")}
              title={`Weight ${w}`}
              data-testid="card-weight-set"
              onClick={() => setField(ctx.doc, ctx.idx, id, "weight", weight === w ? undefined : w)}
            >
              {w}
            </button>
          ))}
          <button type="button" class="jm-tb is-danger" data-testid="delete-card" onClick={() => { removeElement(ctx.doc, ctx.idx, id); ctx.select(null); }}>
            <Icon name="trash" />
          </button>
        </Toolbar>
      )}
    </div>
  );
}

function TouchpointCard({ tp }: { tp: Obj }) {
  const ctx = useEditor();
  const id = str(tp.id);
  const look = elementLook(ctx, id);
  const canEdit = !ctx.readOnly;
  const kind = str(tp.kind, "interactive");
  const channel = str(tp.channel, "other");
  const types = strs(tp.value_types);
  const selected = ctx.selected === id;
  return (
    <div
      class={cx("jm-card", "jm-tp", `tp-${kind}`, look.cls)}
      style={look.style}
      data-testid="touchpoint"
      data-id={id}
      onClick={(e) => {
        e.stopPropagation();
        ctx.select(id);
      }}
    >
      <div class="jm-tp-head">
        <span class={cx("jm-tp-kind", `tp-${kind}`)} title={kind}>{kind === "human" ? "H" : kind === "static" ? "S" : "I"}</span>
        <InlineText id={id} field="name" value={str(tp.name)} placeholder="Touchpoint" class="jm-tp-name" onCommit={(t) => setField(ctx.doc, ctx.idx, id, "name", t || "Touchpoint")} />
      </div>
      <div class="jm-card-meta">
        <span class="jm-chip jm-channel">{channel}</span>
        {types.map((t) => (
          <span key={t} class={cx("jm-vt", `vt-${t}`)} title={t}>
            {t}
          </span>
        ))}
        {num(tp.satisfaction) !== null && <span class="jm-chip">sat {num(tp.satisfaction)}</span>}
      </div>
      <Marks id={id} />
      {canEdit && selected && (
        <Toolbar>
          <input
            class="jm-select jm-select-sm"
            list="jm-channels"
            data-testid="tp-channel"
            value={channel}
            onKeyDown={(e) => e.stopPropagation()}
            onChange={(e) => setField(ctx.doc, ctx.idx, id, "channel", (e.target as HTMLInputElement).value.trim() || "other")}
          />
          <datalist id="jm-channels">
            {CHANNELS.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <select class="jm-select jm-select-sm" data-testid="tp-kind" value={kind} onChange={(e) => setField(ctx.doc, ctx.idx, id, "kind", (e.target as HTMLSelectElement).value)}>
            {TP_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <span class="jm-tb-row">
            {VALUE_TYPES.map((t) => (
              <button key={t} type="button" data-testid="tp-value-type" class={cx("jm-vt", `vt-${t}`, "is-toggle", types.includes(t) && "is-on")} onClick={() => toggleInList(ctx.doc, ctx.idx, id, "value_types", t)}>
                {t}
              </button>
            ))}
          </span>
          <button type="button" class="jm-tb is-danger" data-testid="delete-touchpoint" onClick={() => { removeElement(ctx.doc, ctx.idx, id); ctx.select(null); }}>
            <Icon name="trash" />
          </button>
        </Toolbar>
      )}
    </div>
  );
}

function MomentCard({ m }: { m: Obj }) {
  const ctx = useEditor();
  const id = str(m.id);
  const look = elementLook(ctx, id);
  const imp = num(m.importance);
  const exp = num(m.expectation);
  const xp = num(m.experience);
  const gap = exp !== null && xp !== null ? exp - xp : null;
  return (
    <div class={cx("jm-card", "jm-mot", look.cls)} style={look.style} data-testid="moment" data-id={id} onClick={(e) => { e.stopPropagation(); ctx.select(id); }}>
      <div class="jm-tp-head">
        <span class="jm-mot-star"><Icon name="star" /></span>
        <InlineText id={id} field="title" value={str(m.title)} class="jm-tp-name" onCommit={(t) => setField(ctx.doc, ctx.idx, id, "title", t || "Moment of truth")} />
      </div>
      <div class="jm-card-meta">
        <span class="jm-chip">importance {imp ?? "–"}</span>
        {gap !== null && <span class="jm-chip">gap {fmt1(gap)}</span>}
        {gap !== null && imp !== null && <span class="jm-chip is-strong" data-testid="mot-priority">priority {fmt1(imp * gap)}</span>}
        {m.estimated === true && <span class="jm-chip is-muted">estimate</span>}
      </div>
      <Marks id={id} />
      {!ctx.readOnly && ctx.selected === id && (
        <Toolbar>
          <NumberField label="Imp." value={imp} min={1} max={10} onCommit={(v) => setField(ctx.doc, ctx.idx, id, "importance", v ?? 5)} />
          <NumberField label="Exp." value={exp} min={1} max={10} onCommit={(v) => setField(ctx.doc, ctx.idx, id, "expectation", v ?? undefined)} />
          <NumberField label="Exper." value={xp} min={1} max={10} onCommit={(v) => setField(ctx.doc, ctx.idx, id, "experience", v ?? undefined)} />
          <button type="button" class="jm-tb is-danger" onClick={() => { removeElement(ctx.doc, ctx.idx, id); ctx.select(null); }}>
            <Icon name="trash" />
          </button>
        </Toolbar>
      )}
    </div>
  );
}

const fmt1 = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

function ChallengeCard({ sc }: { sc: Obj }) {
  const ctx = useEditor();
  const id = str(sc.id);
  const look = elementLook(ctx, id);
  return (
    <div class={cx("jm-card", "jm-sc", look.cls)} style={look.style} data-testid="challenge" data-id={id} onClick={(e) => { e.stopPropagation(); ctx.select(id); }}>
      <InlineText id={id} field="text" value={str(sc.text)} class="jm-card-text" onCommit={(t) => setField(ctx.doc, ctx.idx, id, "text", t || "Challenge")} />
      {arr(sc.contingencies).map((c) => (
        <div key={str(c.id)} class="jm-contingency" data-testid="contingency" data-id={str(c.id)}>
          <span class="jm-arrow">↳</span>
          <InlineText id={str(c.id)} field="text" value={str(c.text)} onCommit={(t) => setField(ctx.doc, ctx.idx, str(c.id), "text", t || "Contingency")} />
          {str(c.owner) && <span class="jm-chip">{str(c.owner)}</span>}
        </div>
      ))}
      {!ctx.readOnly && ctx.selected === id && (
        <button
          type="button"
          class="jm-add jm-add-contingency"
          data-testid="add-contingency"
          title="Add a contingency"
          onClick={(e) => {
            e.stopPropagation();
            const cid = addContingency(ctx.doc, ctx.idx, id, "New contingency");
            ctx.select(cid);
            ctx.setEditing(`${cid}:text`);
          }}
        >
          <Icon name="plus" />
          <span class="jm-add-label">contingency</span>
        </button>
      )}
      <Marks id={id} />
    </div>
  );
}

function ValueMomentCard({ vm, show, bands }: { vm: Obj; show: string; bands: Band[] }) {
  const ctx = useEditor();
  const id = str(vm.id);
  const look = elementLook(ctx, id);
  const v = vmpi(vm);
  const band = v !== null ? bandOf(v, bands) : null;
  const weight = num(vm.weight) ?? 1;
  const style: Record<string, string> = { ...look.style };
  if (band && (show === "vmpi-results" || show === "all")) style["--jm-card"] = band.colour;
  return (
    <div
      class={cx("jm-card", "jm-vm", band && (show === "vmpi-results" || show === "all") && "has-colour", look.cls)}
      style={style}
      data-testid="value-moment"
      data-id={id}
      onClick={(e) => {
        e.stopPropagation();
        ctx.select(id);
      }}
    >
      <InlineText id={id} field="name" value={str(vm.name)} class="jm-tp-name" onCommit={(t) => setField(ctx.doc, ctx.idx, id, "name", t || "Value moment")} />
      <div class="jm-card-meta">
        {(show === "expectations" || show === "all") && <span class="jm-chip" data-testid="vm-vmce">VMCE {num(vm.vmce) ?? "–"}</span>}
        {(show === "experience" || show === "all") && <span class="jm-chip" data-testid="vm-vme">VME {num(vm.vme) ?? "–"}</span>}
        {(show === "vmpi-results" || show === "all") && (
          <span class="jm-chip is-strong" data-testid="vm-vmpi" title={band?.label ?? ""}>
            VMPI {v === null ? "–" : `${Math.round(v)} %`}
          </span>
        )}
        <span class="jm-weight" title={`weight ${weight}`}>
          {"●".repeat(Math.max(0, Math.min(5, weight)))}
          <span class="jm-weight-off">{"●".repeat(Math.max(0, 5 - weight))}</span>
        </span>
      </div>
      <Marks id={id} />
      {!ctx.readOnly && ctx.selected === id && (
        <Toolbar>
          <NumberField label="VMCE" testid="vm-vmce-input" value={num(vm.vmce)} min={1} max={10} onCommit={(x) => setField(ctx.doc, ctx.idx, id, "vmce", x ?? 1)} />
          <NumberField label="VME" testid="vm-vme-input" value={num(vm.vme)} min={0} max={10} onCommit={(x) => setField(ctx.doc, ctx.idx, id, "vme", x ?? 0)} />
          <NumberField label="Weight" testid="vm-weight-input" value={weight} min={1} max={5} step={1} onCommit={(x) => setField(ctx.doc, ctx.idx, id, "weight", x === null || x === 1 ? undefined : Math.round(x))} />
          <button type="button" class="jm-tb is-danger" onClick={() => { removeElement(ctx.doc, ctx.idx, id); ctx.select(null); }}>
            <Icon name="trash" />
          </button>
        </Toolbar>
      )}
    </div>
  );
}
