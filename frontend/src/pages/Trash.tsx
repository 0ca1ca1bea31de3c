// The trash: deleted workspaces and maps the caller may restore, each with the date it is purged.

import { useState } from "preact/hooks";
import { TitledPage } from "../components/Header";
import { when } from "../components/Manage";
import { Icon, LoadState, confirmAndRun, notify, useLoad } from "../components/ui";
import { manageApi } from "../manageApi";

/** "12 Mar 2026 (in 29 days)" */
export function purgeText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const days = Math.ceil((date.getTime() - Date.now()) / 86_400_000);
  const when = date.toLocaleDateString(undefined, { dateStyle: "medium" });
  if (days <= 0) return `${when} (today)`;
  return `${when} (in ${days} ${days === 1 ? "day" : "days"})`;
}

/** One deleted workspace or map: what it is, when it goes for good, and Restore (then a link to it). */
function TrashItem(props: {
  icon: "folder" | "map";
  title: string;
  detail: string;
  restoredHref: string | undefined;
  busy: boolean;
  onRestore: () => void;
}) {
  return (
    <li class="row-item">
      <span class="row-icon">
        <Icon name={props.icon} />
      </span>
      <div class="row-main">
        <strong class="row-title">{props.title}</strong>
        <span class="muted small">{props.detail}</span>
      </div>
      {props.restoredHref ? (
        <a class="button" href={props.restoredHref} data-nav>
          <Icon name="check" size={14} /> Restored — open
        </a>
      ) : (
        <button type="button" disabled={props.busy} onClick={props.onRestore}>
          <Icon name="restore" size={14} /> Restore
        </button>
      )}
    </li>
  );
}

export function TrashPage() {
  const trash = useLoad((signal) => manageApi.trash(signal), []);
  const [restored, setRestored] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const restore = async (key: string, action: () => Promise<unknown>, name: string, href: string) => {
    setBusy(key);
    await confirmAndRun(null, action, () => {
      setRestored((r) => ({ ...r, [key]: href }));
      notify(`Restored “${name}”`);
    });
    setBusy(null);
  };

  const data = trash.data;
  const empty = data && data.workspaces.length === 0 && data.maps.length === 0;
  return (
    <TitledPage title="Trash" medium>
      <p class="muted page-lead">
        Deleted workspaces and maps stay here for 30 days; restore them before the date shown, after which they are
        deleted for good.
      </p>
      <LoadState loaded={trash} />
      {empty && (
        <div class="empty">
          <p>The trash is empty.</p>
        </div>
      )}
      {data && data.workspaces.length > 0 && (
        <section class="manage-section">
          <h2>Workspaces</h2>
          <ul class="row-list" data-testid="trash-workspaces">
            {data.workspaces.map((w) => (
              <TrashItem
                key={`w${w.id}`}
                icon="folder"
                title={w.name}
                detail={`Deleted ${when(w.deleted_at)} · purged on ${purgeText(w.purge_at)}`}
                restoredHref={restored[`w${w.id}`]}
                busy={busy === `w${w.id}`}
                onRestore={() => void restore(`w${w.id}`, () => manageApi.restoreWorkspace(w.id), w.name, `/w/${w.id}`)}
              />
            ))}
          </ul>
        </section>
      )}
      {data && data.maps.length > 0 && (
        <section class="manage-section">
          <h2>Maps</h2>
          <ul class="row-list" data-testid="trash-maps">
            {data.maps.map((m) => (
              <TrashItem
                key={`m${m.id}`}
                icon="map"
                title={m.title}
                detail={`in ${m.workspace_name} · deleted ${when(m.deleted_at)} · purged on ${purgeText(m.purge_at)}`}
                restoredHref={restored[`m${m.id}`]}
                busy={busy === `m${m.id}`}
                onRestore={() => void restore(`m${m.id}`, () => manageApi.restoreMap(m.id), m.title, `/m/${m.id}`)}
              />
            ))}
          </ul>
        </section>
      )}
    </TitledPage>
  );
}
