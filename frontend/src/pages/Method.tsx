// The method page of a workspace (/w/{wid}/method): each initiative's eight stages as a stepper (done / in
// progress / not started, with what is missing to move on), the four iterations, the 5Cs gate, the opportunities
// framed as "How might we …?", the options with their hypotheses and measurable outcomes, and the experiments
// with their result against the outcome and the decision. Every state is the server's (analysis/method.py).
// Editors change the strategy's mission and goals and add or edit experiments: the whole initiative is sent back
// with the version of the workspace file it was read from (409 when someone else saved it meanwhile).

import { useState } from "preact/hooks";
import { api, canEdit, describeError } from "../api";
import { Header } from "../components/Header";
import { ErrorNote, Icon, Spinner, notify, useLoad } from "../components/ui";
import { journeyApi, type InitiativeMethod, type Method } from "../journeyApi";
import { linesOf, newId, stateLabel, withStrategy } from "../journeys";
import { ExperimentsSection, OptionsSection } from "./MethodExperiments";
import { saveInitiative, type SaveProps } from "./methodSave";
import "../styles/method.css";

export function MethodPage({ wid }: { wid: number }) {
  const workspace = useLoad((signal) => api.workspace(wid, signal), [wid]);
  const method = useLoad((signal) => journeyApi.method(wid, signal), [wid]);
  const editable = canEdit(workspace.data?.role);
  const data = method.data;
  return (
    <div class="page">
      <Header>
        <a href="/" data-nav class="crumb">
          Workspaces
        </a>
        <span class="crumb-sep">/</span>
        <a href={`/w/${wid}`} data-nav class="crumb">
          {workspace.data?.name ?? "Workspace"}
        </a>
        <span class="crumb-sep">/</span>
        <span class="crumb current">Method</span>
      </Header>
      <main class="content method-page">
        <div class="page-title method-title">
          <div>
            <h1>The method</h1>
            <p class="muted method-lead">From the strategy to tested options, in eight stages (docs/method.md).</p>
          </div>
          {editable && data && <NewInitiative wid={wid} version={data.version} taken={data.initiatives.map((i) => i.report.id)} onSaved={method.reload} />}
        </div>
        {method.loading && !data && <Spinner label="Reading the initiatives…" />}
        <ErrorNote error={method.error} />
        {data && data.initiatives.length === 0 && (
          <p class="muted" data-testid="no-initiative">
            This workspace has no initiative yet: add one under <code>initiatives:</code> in its workspace file.
          </p>
        )}
        {data?.initiatives.map((item) => (
          <InitiativeView
            key={item.report.id}
            wid={wid}
            item={item as InitiativeMethod}
            version={data.version}
            editable={editable}
            onSaved={(next: Method | null) => (next ? method.set(next) : method.reload())}
          />
        ))}
      </main>
    </div>
  );
}

function InitiativeView(props: SaveProps) {
  const { item } = props;
  const report = item.report;
  return (
    <section class="initiative" data-testid="initiative" data-id={report.id}>
      <div class="initiative-head">
        <div>
          <h2>{report.name}</h2>
          {report.owner && <p class="muted">Owner: {report.owner}</p>}
        </div>
        <div class="initiative-badges">
          <span class={`badge gate-${report.five_cs.state}`} title={report.five_cs.reason} data-testid="five-cs">
            5Cs: {report.five_cs.state === "not-rated" ? "not rated" : report.five_cs.state}
          </span>
          <span class="badge" data-testid="current-stage">
            {report.current_stage === null ? "All eight stages done" : `At stage ${report.current_stage} of 8`}
          </span>
        </div>
      </div>
      <ol class="stepper" aria-label="The eight stages">
        {report.stages.map((stage) => (
          <li key={stage.key} class={`step-${stage.state}`} data-testid="stage" data-stage={stage.number} data-state={stage.state}>
            <span class="stepper-dot">{stage.state === "done" ? "✓" : stage.number}</span>
            <span class="stepper-title">{stage.title}</span>
            <span class="stepper-state">{stateLabel(stage.state)}</span>
          </li>
        ))}
      </ol>
      <div class="stage-details">
        {report.stages.map((stage) => (
          <details key={stage.key} class={`stage-detail step-${stage.state}`} open={stage.state === "in-progress"} data-testid="stage-detail" data-stage={stage.number}>
            <summary>
              <span class="stage-number">{stage.number}</span> {stage.title} <span class={`pill pill-${stage.state}`}>{stateLabel(stage.state)}</span>
            </summary>
            {stage.have.length > 0 && (
              <ul class="have">
                {stage.have.map((h, i) => (
                  <li key={i}>{h}</li>
                ))}
              </ul>
            )}
            {stage.missing.length > 0 && (
              <>
                <p class="missing-title">Missing to move on</p>
                <ul class="missing" data-testid="missing">
                  {stage.missing.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              </>
            )}
          </details>
        ))}
      </div>
      <div class="method-grid">
        <Iterations item={item} />
        <StrategyCard {...props} />
      </div>
      <Opportunities item={item} />
      <OptionsSection item={item} />
      <ExperimentsSection {...props} />
    </section>
  );
}

function Iterations({ item }: { item: InitiativeMethod }) {
  return (
    <div class="method-card">
      <h3>The four iterations of the as-is map</h3>
      <ul class="iterations">
        {item.report.iterations.map((it) => (
          <li key={it.number} data-testid="iteration" data-state={it.state}>
            <div class="iteration-line">
              <span>
                {it.number}. {it.title}
              </span>
              <span class={`pill pill-${it.state}`}>{stateLabel(it.state)}</span>
            </div>
            <div class="bar" title={`${it.covered} of ${it.total}`}>
              <span style={{ width: `${it.total ? Math.round((100 * it.covered) / it.total) : 0}%` }} />
            </div>
            <p class="muted small">{it.detail}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

function StrategyCard(props: SaveProps) {
  const strategy = (props.item.initiative.strategy ?? {}) as { mission?: string; goals?: string[] };
  const [editing, setEditing] = useState(false);
  const [mission, setMission] = useState(strategy.mission ?? "");
  const [goals, setGoals] = useState((strategy.goals ?? []).join("\n"));
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    const ok = await saveInitiative(props, withStrategy(props.item.initiative, mission, linesOf(goals)));
    setBusy(false);
    if (ok) setEditing(false);
  };
  return (
    <div class="method-card" data-testid="strategy">
      <div class="card-head">
        <h3>Strategy and objectives</h3>
        {props.editable && !editing && (
          <button type="button" class="small" data-testid="edit-strategy" onClick={() => setEditing(true)}>
            <Icon name="pencil" size={14} /> Edit
          </button>
        )}
      </div>
      {editing ? (
        <form class="form compact" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <label>
            Mission
            <textarea rows={3} value={mission} data-testid="mission-input" onInput={(e) => setMission(e.currentTarget.value)} />
          </label>
          <label>
            Strategic goals <span class="field-hint">one a line</span>
            <textarea rows={4} value={goals} data-testid="goals-input" onInput={(e) => setGoals(e.currentTarget.value)} />
          </label>
          <div class="form-actions">
            <button type="button" onClick={() => setEditing(false)}>Cancel</button>
            <button type="submit" class="primary" disabled={busy} data-testid="save-strategy">Save</button>
          </div>
        </form>
      ) : (
        <>
          <p class="mission" data-testid="mission">{strategy.mission || <span class="muted">No mission yet</span>}</p>
          <ul class="goals">
            {(strategy.goals ?? []).map((g, i) => (
              <li key={i}>{g}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function Opportunities({ item }: { item: InitiativeMethod }) {
  if (item.opportunities.length === 0) return null;
  return (
    <div class="method-card">
      <h3>Opportunities, framed as “How might we …?”</h3>
      <ul class="hmw">
        {item.opportunities.map((o) => (
          <li key={`${o.map}/${o.opportunity}`} data-testid="hmw">
            <strong>{o.how_might_we || <span class="muted">not framed yet</span>}</strong>
            <span class="muted small">
              {o.found ? o.name : "not found"} · {o.map}/{o.opportunity}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}


/** Start an initiative: a name is enough (its id is made from it); the stages then say what to fill in. */
function NewInitiative({ wid, version, taken, onSaved }: { wid: number; version: string; taken: string[]; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <button type="button" data-testid="new-initiative" onClick={() => setOpen(true)}>
        <Icon name="plus" /> New initiative
      </button>
    );
  }
  const submit = async () => {
    setBusy(true);
    try {
      await journeyApi.saveInitiative(wid, { id: newId(name, taken), name: name.trim() }, version);
      notify("Initiative added to the workspace file");
      setOpen(false);
      setName("");
      onSaved();
    } catch (error) {
      notify(describeError(error), "error");
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="new-initiative" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <input required placeholder="What the initiative sets out to do" value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="new-initiative-name" />
      <button type="button" onClick={() => setOpen(false)}>Cancel</button>
      <button type="submit" class="primary" disabled={busy || !name.trim()}>Start</button>
    </form>
  );
}
