import { useState } from "preact/hooks";
import { api, canEdit, type MapSummary, type Workspace } from "../api";
import { mapTypeLabel, useCatalog } from "../catalog";
import { PageHeader } from "../components/Header";
import { DiagnosticForm } from "../components/DiagnosticForm";
import { MapMenu, WorkspaceMenu } from "../components/Manage";
import { PersonaEditor } from "../components/PersonaEditor";
import { Dialog, ErrorNote, Icon, Spinner, TabRow, formatDate, useAction, useLoad, valueOf } from "../components/ui";
import { navigate } from "../router";
import { MembersPanel } from "../panels/Members";
import { RoleBadge } from "../components/Team";

type Tab = "maps" | "personas" | "diagnostic" | "members";

export function WorkspacePage({ wid }: { wid: number }) {
  const workspace = useLoad((signal) => api.workspace(wid, signal), [wid]);
  const [tab, setTab] = useState<Tab>("maps");
  const [newMap, setNewMap] = useState(false);
  const ws = workspace.data;
  // Below editor (viewer, commenter) the workspace is read-only: no new map, no export, no persona or 5Cs edits.
  const editable = !ws?.role || canEdit(ws.role);

  return (
    <div class="page">
      <PageHeader current={ws?.name ?? "…"} />
      <main class="content">
        {workspace.loading && !ws && <Spinner />}
        <ErrorNote error={workspace.error} />
        {ws && (
          <>
            <div class="page-title">
              <div class="title-with-badge">
                <h1>{ws.name}</h1>
                {ws.role && <RoleBadge role={ws.role} />}
              </div>
              <div class="actions">
                {editable && (
                  <a class="button" href={api.workspaceExportUrl(wid)} download>
                    <Icon name="download" /> Export folder (.zip)
                  </a>
                )}
                {editable && (
                  <button type="button" class="primary" onClick={() => setNewMap(true)}>
                    <Icon name="plus" /> New map
                  </button>
                )}
                <a class="button" href={`/w/${wid}/method`} data-nav data-testid="open-method" title="The initiatives and where they stand in the method">
                  <Icon name="check" /> Method
                </a>
                <a class="button" href={`/w/${wid}/portfolio`} data-nav data-testid="open-portfolio" title="Every journey with its owner, status and health; the opportunity board">
                  <Icon name="map" /> Portfolio
                </a>
                <WorkspaceMenu
                  workspace={ws}
                  role={ws.role}
                  onRenamed={workspace.reload}
                  onDuplicated={(copy) => navigate(`/w/${copy.id}`)}
                  onDeleted={() => navigate("/")}
                />
              </div>
            </div>
            <TabRow<Tab>
              tabs={[
                ["maps", `Maps (${ws.maps.length})`],
                ["personas", `Personas (${ws.personas.length})`],
                ["diagnostic", "5Cs diagnostic"],
                ["members", "Members"],
              ]}
              current={tab}
              onSelect={setTab}
            />
            {tab === "maps" && <MapsByType workspace={ws} onNew={() => setNewMap(true)} onChanged={workspace.reload} />}
            {tab === "personas" && <PersonaEditor workspace={ws} onSaved={workspace.reload} readOnly={!editable} />}
            {tab === "diagnostic" && <DiagnosticForm workspace={ws} onSaved={workspace.reload} readOnly={!editable} />}
            {tab === "members" && <MembersPanel workspace={ws} onOwnRoleChanged={workspace.reload} />}
          </>
        )}
      </main>
      {newMap && ws && editable && <NewMapDialog workspace={ws} onClose={() => setNewMap(false)} />}
    </div>
  );
}

function MapsByType({ workspace, onNew, onChanged }: { workspace: Workspace; onNew: () => void; onChanged: () => void }) {
  const { catalog } = useCatalog();
  if (workspace.maps.length === 0) {
    return (
      <div class="empty">
        <p>This workspace has no map yet.</p>
        {canEdit(workspace.role ?? "editor") && (
          <button type="button" class="primary" onClick={onNew}>
            Create a map
          </button>
        )}
      </div>
    );
  }
  const groups = new Map<string, MapSummary[]>();
  const order = (catalog?.map_types ?? []).map((t) => t.name);
  for (const m of workspace.maps) {
    if (!order.includes(m.type)) order.push(m.type);
    groups.set(m.type, [...(groups.get(m.type) ?? []), m]);
  }
  return (
    <>
      {order
        .filter((type) => groups.has(type))
        .map((type) => (
          <section key={type} class="map-group">
            <h2>
              {mapTypeLabel(type, catalog)} <span class="count">{groups.get(type)?.length}</span>
            </h2>
            <ul class="card-grid">
              {groups.get(type)?.map((m) => (
                <li key={m.id} class="tile-with-menu">
                  <a href={`/m/${m.id}`} data-nav class="tile map-tile">
                    <span class="thumb">
                      <img
                        src={api.exportUrl(m.id, "svg")}
                        alt={`Preview of ${m.title}`}
                        loading="lazy"
                        decoding="async"
                        onError={(event) => event.currentTarget.classList.add("broken")}
                      />
                    </span>
                    <span class="tile-title">{m.title}</span>
                    <span class="muted small">
                      {m.path}
                      {m.updated_at ? ` · ${formatDate(m.updated_at)}` : ""}
                    </span>
                  </a>
                  <MapMenu
                    class="tile-menu"
                    map={m}
                    role={workspace.role}
                    onRenamed={onChanged}
                    onDuplicated={onChanged}
                    onDeleted={onChanged}
                  />
                </li>
              ))}
            </ul>
          </section>
        ))}
    </>
  );
}

function NewMapDialog({ workspace, onClose }: { workspace: Workspace; onClose: () => void }) {
  const { catalog, error: catalogError } = useCatalog();
  const types = catalog?.map_types ?? [];
  const [chosen, setType] = useState<string | null>(null);
  const type = chosen ?? types[0]?.name ?? "";
  const [title, setTitle] = useState("");
  const [template, setTemplate] = useState(true);
  const [run, busy, error] = useAction();

  const create = async (event: Event) => {
    event.preventDefault();
    const created = await run(() => api.createMap(workspace.id, type, title.trim(), template));
    if (created) navigate(`/m/${created.id}`);
  };

  return (
    <Dialog
      title="New map"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="new-map" class="primary" disabled={busy || !title.trim() || !type}>
            {busy ? "Creating…" : "Create map"}
          </button>
        </>
      }
    >
      <form id="new-map" class="form" onSubmit={create}>
        <fieldset class="type-picker">
          <legend>Type</legend>
          {!catalog && <Spinner label={catalogError ? catalogError.message : "Loading the map types…"} />}
          {types.map((t) => (
            <label key={t.name} class={type === t.name ? "type-option active" : "type-option"} title={t.description}>
              <input type="radio" name="type" value={t.name} checked={type === t.name} onChange={() => setType(t.name)} />
              {t.label}
            </label>
          ))}
        </fieldset>
        <label>
          Title
          <input
            required
            maxLength={500}
            value={title}
            placeholder="e.g. Home loan — as is"
            onInput={(e) => setTitle(valueOf(e))}
            autofocus
          />
        </label>
        <label class="check">
          <input type="checkbox" checked={template} onChange={(e) => setTemplate(e.currentTarget.checked)} />
          Start from the template of the type (its stages and lanes), not from an empty map
        </label>
        <ErrorNote error={error} />
      </form>
    </Dialog>
  );
}
