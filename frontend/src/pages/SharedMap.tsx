// A map opened through a share link (/s/{token}): the live map read-only in a visitor frame — no workspace, no
// user menu, no history or evidence — with the comments (a commenter link lets the visitor write them, under a
// name they give once, kept in this browser).

import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import * as Y from "yjs";
import { Awareness } from "y-protocols/awareness";
import { api, mapTypeLabel, type Comment, type ShareVisit, type User } from "../api";
import { ExportMenu, useWatch } from "../components/TopBar";
import { Dialog, ErrorNote, Icon, Spinner, notify, useLoad, valueOf } from "../components/ui";
import { MapEditor } from "../editor";
import { CommentsPanel, commentCounts } from "../panels/Comments";
import { elementsOf } from "./MapPage";
import type { ElementOption } from "../panels/Evidence";
import { CLOSE_NEW_GENERATION, connect, type Session } from "../realtime";
import { LiveStatus } from "../components/Team";
import "../styles/team.css";

const GUEST_NAME_KEY = "journeymap.guest-name";

function storedGuestName(): string {
  try {
    return window.localStorage.getItem(GUEST_NAME_KEY) ?? "";
  } catch {
    return "";
  }
}

function storeGuestName(name: string): void {
  try {
    window.localStorage.setItem(GUEST_NAME_KEY, name);
  } catch {
    // private mode: the name lasts for this page
  }
}

const STATIC_FALSE = { get: () => false, subscribe: () => () => undefined };
const STATIC_NULL = { get: () => null, subscribe: () => () => undefined };

export function SharedMapPage({ share, user }: { share: ShareVisit; user: User | null }) {
  const mid = share.map_id;
  const map = useLoad((signal) => api.map(mid, signal, false), [mid]);
  const comments = useLoad((signal) => api.comments(mid, signal), [mid]);
  const info = map.data;
  const commenter = share.role === "commenter";

  const [session, setSession] = useState<Session | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const s = connect(mid, null);
    setSession(s);
    return () => s.destroy();
  }, [mid, generation]);
  // The team's presence (who is on which element) is theirs: the visitor's editor gets an awareness of its own.
  const quiet = useMemo(() => new Awareness(new Y.Doc()), []);
  useEffect(() => () => quiet.destroy(), [quiet]);
  const synced = useWatch(session?.synced ?? STATIC_FALSE);
  // The server closes a visitor's connection when the link is revoked (or expires).
  const closed = useWatch(session?.closed ?? STATIC_NULL);
  // The map's document was rebuilt (a new generation): open it again (a visitor has nothing unsaved).
  useEffect(() => {
    if (closed?.code === CLOSE_NEW_GENERATION) setGeneration((n) => n + 1);
  }, [closed]);
  const status = useWatch(session?.saved ?? { get: () => "connecting" as const, subscribe: () => () => undefined });

  // Live comments: the server says when they change; a refused update (there should be none) is reported.
  useEffect(() => {
    if (!session) return;
    return session.notices.subscribe((notice) => {
      if (notice.kind === "comments") comments.reload();
      if (notice.kind === "refused")
        notify(`The map is read-only for you${typeof notice.reason === "string" ? `: ${notice.reason}` : ""}`, "error");
    });
  // eslint-disable-next-line react-hooks/exhaustive-deps -- one subscription per session; reload is read when a notice comes
  }, [session]);

  const [selected, setSelected] = useState<string | null>(null);
  const [panelOpen, setPanelOpen] = useState(window.innerWidth > 900);
  const [composeFor, setComposeFor] = useState<{ anchor: string; nonce: number } | null>(null);
  const [elements, setElements] = useState<ElementOption[]>([]);
  const [guestName, setGuestName] = useState(storedGuestName);
  const [asking, setAsking] = useState<((name: string | null) => void) | null>(null);

  useEffect(() => {
    if (!session || !synced) return;
    let timer = 0;
    const update = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setElements(elementsOf(session.root.toJSON())), 300);
    };
    session.doc.on("update", update);
    setElements(elementsOf(session.root.toJSON()));
    return () => {
      window.clearTimeout(timer);
      session.doc.off("update", update);
    };
  }, [session, synced]);
  const labelOf = useCallback((id: string) => elements.find((e) => e.id === id)?.label ?? id, [elements]);
  const counts = useMemo(() => commentCounts(comments.data ?? []), [comments.data]);

  const askName = () => new Promise<string | null>((resolve) => setAsking(() => resolve));
  const postComment = async (mapId: number, anchor: string, body: string, parentId?: number): Promise<Comment> => {
    let name = guestName.trim();
    if (!name) {
      name = (await askName())?.trim() ?? "";
      if (!name) throw new Error("Give your name to comment: it is shown with your comments.");
    }
    return api.addGuestComment(mapId, anchor, body, name, parentId);
  };

  const comment = useCallback((elementId: string) => {
    setPanelOpen(true);
    setComposeFor({ anchor: elementId, nonce: Date.now() });
  }, []);

  const title = typeof session?.root.get("title") === "string" ? String(session?.root.get("title")) : "";
  const shownTitle = title || info?.title || share.title;

  if (closed && closed.code !== CLOSE_NEW_GENERATION) return <ShareUnavailable revoked />;
  if (map.error && !info) {
    return (
      <div class="page-narrow">
        <h1>This shared map cannot be opened</h1>
        <ErrorNote error={map.error} />
        <p class="muted">The link may have been revoked or have expired. Ask the person who shared it for a new one.</p>
      </div>
    );
  }

  return (
    <div class="map-page visitor-page">
      <header class="map-bar">
        <span class="brand" aria-label="journeymap">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          <span>journeymap</span>
        </span>
        <nav class="crumbs" aria-label="Map">
          <span class="crumb current visitor-title">{shownTitle}</span>
          {info?.type && (
            <span class="badge type-badge" title={mapTypeLabel(info.type)}>
              {mapTypeLabel(info.type)}
            </span>
          )}
        </nav>
        <div class="spacer" />
        <LiveStatus status={status} />
        {info && <ExportMenu mapId={mid} mapType={info.type} />}
        <button
          type="button"
          class={panelOpen ? "icon-button active" : "icon-button"}
          title={panelOpen ? "Hide the comments" : "Show the comments"}
          aria-pressed={panelOpen}
          onClick={() => setPanelOpen(!panelOpen)}
        >
          <Icon name="comment" />
        </button>
      </header>
      <div class={commenter ? "visitor-banner commenter" : "visitor-banner"} role="note" data-testid="share-banner">
        <Icon name={commenter ? "comment" : "eye"} size={14} />
        <strong>{commenter ? "Shared with you — you can comment" : "Shared with you — read-only"}</strong>
        <span class="muted">
          {commenter
            ? "Select an element of the map to comment on it. Changes by the team appear live."
            : "You see the map live as the team works on it."}
        </span>
        {commenter && guestName && (
          <span class="visitor-name">
            Commenting as <strong>{guestName}</strong>{" "}
            <button type="button" class="link small" onClick={() => void askName().then((n) => n && setGuestName(n))}>
              change
            </button>
          </span>
        )}
        {user && <span class="muted small">Signed in as {user.name}: this link shows the map only.</span>}
      </div>
      <div class="map-body">
        <main class="canvas" aria-label="Shared map">
          {(!info || !session || !synced) && <Spinner label="Opening the shared map…" />}
          {info && session && synced && (
            <MapEditor
              mapId={mid}
              mapType={info.type}
              session={{ doc: session.doc, awareness: quiet, undo: session.undo }}
              user={user ?? { id: 0, name: guestName || "Guest" }}
              selected={selected}
              onSelect={setSelected}
              commentCounts={counts}
              onComment={comment}
              canComment={commenter}
              lint={[]}
              readOnly
            />
          )}
        </main>
        {panelOpen && (
          <aside class="side-panel" aria-label="Comments">
            <div class="panel-tabs" role="tablist">
              <button type="button" role="tab" aria-selected class="panel-tab active">
                <Icon name="comment" size={14} />
                Comments
              </button>
              <button type="button" class="icon-button" title="Close" onClick={() => setPanelOpen(false)}>
                <Icon name="close" size={14} />
              </button>
            </div>
            <CommentsPanel
              mapId={mid}
              user={null}
              comments={comments.data ?? []}
              reload={comments.reload}
              selected={selected}
              onSelect={setSelected}
              composeFor={composeFor}
              onComposed={() => setComposeFor(null)}
              labelOf={labelOf}
              canComment={commenter}
              canResolve={false}
              postComment={postComment}
            />
          </aside>
        )}
      </div>
      {asking && (
        <GuestNameDialog
          initial={guestName}
          onDone={(name) => {
            if (name) {
              storeGuestName(name);
              setGuestName(name);
            }
            asking(name);
            setAsking(null);
          }}
        />
      )}
    </div>
  );
}

function GuestNameDialog({ initial, onDone }: { initial: string; onDone: (name: string | null) => void }) {
  const [name, setName] = useState(initial);
  const submit = (event: Event) => {
    event.preventDefault();
    if (name.trim()) onDone(name.trim());
  };
  return (
    <Dialog
      title="Your name"
      onClose={() => onDone(null)}
      footer={
        <>
          <button type="button" onClick={() => onDone(null)}>
            Cancel
          </button>
          <button type="submit" form="guest-name" class="primary" disabled={!name.trim()}>
            Continue
          </button>
        </>
      }
    >
      <form id="guest-name" class="form" onSubmit={submit}>
        <p class="muted">
          Your comments show this name to the team. It is kept in this browser for your next comments.
        </p>
        <label>
          Name
          <input
            required
            maxLength={100}
            autocomplete="name"
            value={name}
            onInput={(e) => setName(valueOf(e))}
            placeholder="e.g. Sam from Customer Care"
            autofocus
          />
        </label>
      </form>
    </Dialog>
  );
}

/** /s/{token} without a share in `GET /api/auth/me` (the link's cookie did not stick, or the link just died). */
export function ShareUnavailable({ revoked = false }: { revoked?: boolean }) {
  return (
    <div class="page-narrow" data-testid="share-unavailable">
      <h1>{revoked ? "This share link no longer works" : "This shared map cannot be opened"}</h1>
      <p>
        {revoked
          ? "The link was revoked or has expired. Ask the person who shared it for a new one."
          : "The link may have been revoked or have expired, or this browser did not keep the studio's cookie. Reload the link; if it still fails, ask the person who shared it for a new one."}
      </p>
    </div>
  );
}
