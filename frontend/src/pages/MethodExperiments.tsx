// The method page's options (with their hypotheses and measurable outcomes) and experiments (what was tested,
// when, the result against the outcome — as the server judges it — and the decision), with the experiment form.

import { useState } from "preact/hooks";
import type { Json, JsonObject } from "../api";
import { Icon } from "../components/ui";
import type { InitiativeMethod } from "../journeyApi";
import { draftOf, emptyExperiment, experimentData, withExperiment, type ExperimentDraft } from "../journeys";
import { saveInitiative, type SaveProps } from "./methodSave";

function objects(value: Json | undefined): JsonObject[] {
  return Array.isArray(value) ? (value.filter((v) => v && typeof v === "object" && !Array.isArray(v)) as JsonObject[]) : [];
}
const s = (value: Json | undefined): string =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";

export function OptionsSection({ item }: { item: InitiativeMethod }) {
  const options = objects(item.initiative.options);
  if (options.length === 0) return null;
  return (
    <div class="method-card">
      <h3>Options and their hypotheses</h3>
      <div class="options">
        {options.map((option) => (
          <div key={s(option.id)} class="option" data-testid="option">
            <p class="option-name">
              <strong>{s(option.name)}</strong> <code>{s(option.id)}</code>
            </p>
            {option.description && <p class="muted small">{s(option.description)}</p>}
            <ul class="hypotheses">
              {objects(option.hypotheses).map((h) => (
                <li key={s(h.id)}>
                  <span>{s(h.statement)}</span>
                  <span class="outcome" data-testid="outcome">
                    {s(h.metric)}: {h.baseline !== undefined && h.baseline !== null ? `${s(h.baseline)} → ` : ""}
                    {h.target !== undefined && h.target !== null ? `${s(h.target)} ${s(h.unit)}` : "no target"}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </div>
  );
}

export function ExperimentsSection(props: SaveProps) {
  const { item, editable } = props;
  const experiments = objects(item.initiative.experiments);
  const outcomes = new Map(item.report.experiments.map((e) => [e.id, e]));
  const [editing, setEditing] = useState<number | "new" | null>(null);
  return (
    <div class="method-card">
      <div class="card-head">
        <h3>Experiments</h3>
        {editable && editing === null && (
          <button type="button" class="primary small" data-testid="add-experiment" onClick={() => setEditing("new")}>
            <Icon name="plus" size={14} /> Add an experiment
          </button>
        )}
      </div>
      {editing === "new" && <ExperimentForm {...props} at={null} onDone={() => setEditing(null)} />}
      {experiments.length === 0 ? (
        <p class="muted">No experiment yet.</p>
      ) : (
        <div class="experiments-scroll">
        <table class="data experiments">
          <thead>
            <tr>
              <th>Experiment</th>
              <th>What was tested</th>
              <th>When</th>
              <th>Result against the outcome</th>
              <th>Decision</th>
              {editable && <th />}
            </tr>
          </thead>
          <tbody>
            {experiments.map((e, i) => {
              const outcome = outcomes.get(s(e.id));
              return editing === i ? (
                <tr key={s(e.id)}>
                  <td colSpan={editable ? 6 : 5}>
                    <ExperimentForm {...props} at={i} onDone={() => setEditing(null)} />
                  </td>
                </tr>
              ) : (
                <tr key={s(e.id)} data-testid="experiment" data-id={s(e.id)}>
                  <td class="experiment-id">
                    <code>{s(e.id)}</code>
                    <div class="muted small">option {s(e.option)}</div>
                  </td>
                  <td class="wrap">
                    {s(e.tested)}
                    {e.result_note && <div class="muted small">{s(e.result_note)}</div>}
                  </td>
                  <td>{[s(e.started), s(e.ended)].filter(Boolean).join(" → ") || "—"}</td>
                  <td>
                    {outcome && outcome.result !== null ? (
                      <span class={outcome.met === null ? "" : outcome.met ? "met" : "not-met"} data-testid="outcome-met">
                        {outcome.result} {outcome.unit}
                        {outcome.target !== null && ` (target ${outcome.target}: ${outcome.met ? "met" : "not met"})`}
                      </span>
                    ) : (
                      <span class="muted">no result yet</span>
                    )}
                  </td>
                  <td>{e.decision ? <span class={`badge decision-${s(e.decision)}`}>{s(e.decision)}</span> : "—"}</td>
                  {editable && (
                    <td>
                      <button type="button" class="small" data-testid="edit-experiment" onClick={() => setEditing(i)} disabled={editing !== null}>
                        <Icon name="pencil" size={14} /> Edit
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
      )}
    </div>
  );
}

function ExperimentForm(props: SaveProps & { at: number | null; onDone: () => void }) {
  const { item, at } = props;
  const experiments = objects(item.initiative.experiments);
  const options = objects(item.initiative.options);
  const [draft, setDraft] = useState<ExperimentDraft>(() =>
    at === null ? emptyExperiment(s(options[0]?.id)) : draftOf(experiments[at] ?? {}),
  );
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);
  const set = (key: keyof ExperimentDraft) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [key]: e.currentTarget.value });
  const hypotheses = objects(options.find((o) => s(o.id) === draft.option)?.hypotheses);
  const submit = async () => {
    let data: JsonObject;
    try {
      data = experimentData(draft, experiments.map((e) => s(e.id)));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      return;
    }
    setBusy(true);
    const ok = await saveInitiative(props, withExperiment(item.initiative, data, at));
    setBusy(false);
    if (ok) props.onDone();
  };
  return (
    <form class="form compact experiment-form" data-testid="experiment-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <div class="form-row">
        <label>
          Option
          <select value={draft.option} onChange={set("option")} data-testid="experiment-option">
            {options.map((o) => (
              <option key={s(o.id)} value={s(o.id)}>{s(o.name)}</option>
            ))}
          </select>
        </label>
        <label>
          Hypothesis
          <select value={draft.hypothesis} onChange={set("hypothesis")} data-testid="experiment-hypothesis">
            <option value="">—</option>
            {hypotheses.map((h) => (
              <option key={s(h.id)} value={s(h.id)}>{s(h.metric) || s(h.id)}</option>
            ))}
          </select>
        </label>
      </div>
      <label>
        What was tested, with whom
        <input required value={draft.tested} onInput={set("tested")} data-testid="experiment-tested" />
      </label>
      <div class="form-row">
        <label>
          Started
          <input type="date" value={draft.started} onInput={set("started")} data-testid="experiment-started" />
        </label>
        <label>
          Ended
          <input type="date" value={draft.ended} onInput={set("ended")} data-testid="experiment-ended" />
        </label>
        <label>
          Result
          <input inputMode="decimal" placeholder="in the hypothesis' unit" value={draft.result} onInput={set("result")} data-testid="experiment-result" />
        </label>
        <label>
          Decision
          <select value={draft.decision} onChange={set("decision")} data-testid="experiment-decision">
            <option value="">not yet</option>
            <option value="adopt">adopt</option>
            <option value="iterate">iterate</option>
            <option value="drop">drop</option>
          </select>
        </label>
      </div>
      <label>
        What the result says against the outcome
        <input value={draft.result_note} onInput={set("result_note")} data-testid="experiment-note" />
      </label>
      {problem && <p class="error-text" role="alert">{problem}</p>}
      <div class="form-actions">
        <button type="button" onClick={props.onDone}>Cancel</button>
        <button type="submit" class="primary" disabled={busy} data-testid="save-experiment">
          {at === null ? "Add the experiment" : "Save"}
        </button>
      </div>
    </form>
  );
}
