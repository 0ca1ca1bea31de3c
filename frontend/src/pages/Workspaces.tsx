import { useState } from "preact/hooks";
import { api } from "../api";
import { Header } from "../components/Header";
import { WorkspaceMenu } from "../components/Manage";
import { Dialog, ErrorNote, Icon, LoadState, useAction, useLoad, valueOf } from "../components/ui";
import { navigate } from "../router";
import { RoleBadge } from "../components/Team";

export function WorkspacesPage() {
  const list = useLoad(() => api.workspaces(), []);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [run, busy, error] = useAction();

  const create = async (event: Event) => {
    event.preventDefault();
    const created = await run(() => api.createWorkspace(name.trim()));
    if (created) navigate(`/w/${created.id}`);
  };

  return (
    <div class="page">
      <Header>
        <span class="crumb current">Workspaces</span>
      </Header>
      <main class="content">
        <div class="page-title">
          <h1>Workspaces</h1>
          <div class="actions">
            <a href="/trash" data-nav class="button" title="Deleted workspaces and maps, restorable for 30 days">
              <Icon name="trash" /> Trash
            </a>
            <button type="button" class="primary" onClick={() => setCreating(true)}>
              <Icon name="plus" /> New workspace
            </button>
          </div>
        </div>
        <LoadState loaded={list} />
        {list.data && list.data.length === 0 && (
          <div class="empty">
            <p>No workspace yet. A workspace holds the personas, maps and evidence of one team or product.</p>
            <button type="button" class="primary" onClick={() => setCreating(true)}>
              Create the first workspace
            </button>
          </div>
        )}
        <ul class="card-grid">
          {list.data?.map((w) => (
            <li key={w.id} class="tile-with-menu">
              <a href={`/w/${w.id}`} data-nav class="tile workspace-tile">
                <span class="tile-icon">
                  <Icon name="folder" size={20} />
                </span>
                <span class="tile-title">{w.name}</span>
                <span class="muted">
                  {w.map_count} {w.map_count === 1 ? "map" : "maps"} · {w.slug}
                </span>
                {w.role && (
                  <span class="tile-role">
                    <RoleBadge role={w.role} />
                  </span>
                )}
              </a>
              <WorkspaceMenu
                class="tile-menu"
                workspace={w}
                role={w.role}
                onRenamed={list.reload}
                onDuplicated={list.reload}
                onDeleted={list.reload}
              />
            </li>
          ))}
        </ul>
      </main>
      {creating && (
        <Dialog
          title="New workspace"
          onClose={() => setCreating(false)}
          footer={
            <>
              <button type="button" onClick={() => setCreating(false)}>
                Cancel
              </button>
              <button type="submit" form="new-workspace" class="primary" disabled={busy || !name.trim()}>
                Create
              </button>
            </>
          }
        >
          <form id="new-workspace" class="form" onSubmit={create}>
            <label>
              Name
              <input required maxLength={300} value={name} onInput={(e) => setName(valueOf(e))} autofocus />
            </label>
            <ErrorNote error={error} />
          </form>
        </Dialog>
      )}
    </div>
  );
}
