// History: the versions of a map (automatic, named, restored…), save a named version, view one read-only,
// compare two (the diff page opens in a new tab), restore one.

import { useState } from "preact/hooks";
import { api, type Version } from "../api";
import {
  Dialog,
  ErrorNote,
  Icon,
  LoadState,
  Spinner,
  confirmAndRun,
  formatDate,
  notify,
  useAction,
  useLoad,
  valueOf,
} from "../components/ui";

export function HistoryPanel({
  mapId,
  onRestored,
  canEdit = true,
}: {
  mapId: number;
  onRestored: () => void;
  /** The role may name and restore versions (`map:edit`); otherwise the history is read-only. */
  canEdit?: boolean;
}) {
  const versions = useLoad((signal) => api.versions(mapId, signal), [mapId]);
  const [name, setName] = useState("");
  const [picked, setPicked] = useState<number[]>([]);
  const [viewing, setViewing] = useState<Version | null>(null);
  const [run, busy, error] = useAction();

  const save = async (event: Event) => {
    event.preventDefault();
    const created = await run(() => api.saveVersion(mapId, name.trim()));
    if (created) {
      setName("");
      notify(`Saved version ${created.number}`);
      versions.reload();
    }
  };

  const togglePick = (id: number) =>
    setPicked((list) => (list.includes(id) ? list.filter((x) => x !== id) : [...list.slice(-1), id]));

  const compare = (from: number | "current", to: number | "current") => {
    window.open(api.diffHtmlUrl(mapId, from, to), "_blank", "noopener");
  };

  const comparePicked = () => {
    if (picked.length !== 2 || !versions.data) return;
    const byId = new Map(versions.data.map((v) => [v.id, v]));
    const [a, b] = [...picked].sort((x, y) => (byId.get(x)?.number ?? 0) - (byId.get(y)?.number ?? 0));
    compare(a, b);
  };

  const restore = async (v: Version) => {
    await confirmAndRun(
      {
        title: `Restore version ${v.number}?`,
        message:
          "The map becomes what it was in this version, for everyone editing it. The current state is kept as a version first, so this can be undone by restoring again.",
        action: "Restore",
      },
      () => api.restore(v.id),
      () => {
        notify(`Restored version ${v.number}`);
        versions.reload();
        onRestored();
      },
    );
  };

  return (
    <div class="panel-body history-panel">
      {canEdit && (
        <form class="inline-form" onSubmit={save}>
          <input
            placeholder="Name this version, e.g. After the workshop"
            maxLength={300}
            value={name}
            onInput={(e) => setName(valueOf(e))}
          />
          <button type="submit" class="primary small" disabled={busy || !name.trim()}>
            Save version
          </button>
        </form>
      )}
      <ErrorNote error={error} />
      <div class="compare-row">
        <span class="muted small">
          {picked.length === 2 ? "Two versions picked" : "Tick two versions to compare them"}
        </span>
        <button type="button" class="small" disabled={picked.length !== 2} onClick={comparePicked}>
          Compare
        </button>
      </div>
      <LoadState loaded={versions} />
      {versions.data && versions.data.length === 0 && (
        <p class="muted empty-small">No version yet. Versions are taken when the last editor leaves and every 10 minutes of editing.</p>
      )}
      <ul class="versions">
        {versions.data?.map((v) => (
          <li key={v.id} class={picked.includes(v.id) ? "version picked" : "version"}>
            <label class="version-pick" title="Pick to compare">
              <input type="checkbox" checked={picked.includes(v.id)} onChange={() => togglePick(v.id)} />
            </label>
            <div class="version-main">
              <div class="version-title">
                <strong>{v.name || `Version ${v.number}`}</strong>
                <span class={`badge kind-${v.kind}`}>{v.kind}</span>
              </div>
              <div class="muted small">
                #{v.number} · {formatDate(v.created_at)}
                {v.authors.length > 0 && ` · ${v.authors.join(", ")}`}
              </div>
              {v.summary && <div class="version-summary">{v.summary}</div>}
              <div class="version-actions">
                <button type="button" class="link small" onClick={() => setViewing(v)}>
                  <Icon name="eye" size={12} /> View
                </button>
                <button type="button" class="link small" onClick={() => compare(v.id, "current")}>
                  Compare with now
                </button>
                {canEdit && (
                  <button type="button" class="link small" onClick={() => void restore(v)}>
                    Restore
                  </button>
                )}
              </div>
            </div>
          </li>
        ))}
      </ul>
      {viewing && (
        <VersionView
          mapId={mapId}
          version={viewing}
          onClose={() => setViewing(null)}
          onRestore={canEdit ? restore : undefined}
        />
      )}
    </div>
  );
}

function VersionView({
  mapId,
  version,
  onClose,
  onRestore,
}: {
  mapId: number;
  version: Version;
  onClose: () => void;
  onRestore?: (v: Version) => Promise<void>;
}) {
  const [drawing, setDrawing] = useState<"loading" | "ok" | "failed">("loading");
  const diff = useLoad(() => api.diff(mapId, version.id, "current"), [version.id]);
  return (
    <Dialog
      title={`${version.name || `Version ${version.number}`} — read-only`}
      onClose={onClose}
      wide
      footer={
        <>
          <a class="button" href={api.diffHtmlUrl(mapId, version.id, "current")} target="_blank" rel="noopener">
            <Icon name="external" /> Side-by-side changes
          </a>
          {onRestore && (
            <button
              type="button"
              class="primary"
              onClick={() => {
                onClose();
                void onRestore(version);
              }}
            >
              Restore this version
            </button>
          )}
        </>
      }
    >
      <div class={drawing === "failed" ? "version-drawing failed" : "version-drawing"}>
        {drawing === "loading" && <Spinner label="Drawing the version…" />}
        {drawing === "failed" && <p class="muted">This studio cannot draw this version; its changes are listed below.</p>}
        <img
          src={api.versionSvgUrl(version.id)}
          alt={`Version ${version.number} of the map`}
          class={drawing === "ok" ? "" : "hidden"}
          onLoad={() => setDrawing("ok")}
          onError={() => setDrawing("failed")}
        />
      </div>
      <h3>From this version to now</h3>
      <LoadState loaded={diff} />
      {diff.data && <pre class="diff-text">{diff.data.text || "No change."}</pre>}
    </Dialog>
  );
}
