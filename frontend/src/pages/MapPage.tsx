// The map page: top bar (crumbs, title, presence, saved status, undo/redo, derive, export), the editor in the
// middle, and the side panel (comments, history, evidence, lint).

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, canComment, canEdit, mapTypeLabel, roleLabel, type Comment, type MapDoc, type User } from "../api";
import { Brand } from "../components/Header";
import { InboxBell, inboxNotice } from "../components/Inbox";
import { MapMenu } from "../components/Manage";
import { isTyping, openShortcuts, useKeys } from "../components/Shortcuts";
import { ExportMenu, Presence, SavedStatus, UndoRedo, useWatch } from "../components/TopBar";
import { ErrorNote, Icon, Spinner, confirmAndRun, notify, useLoad } from "../components/ui";
import { MapEditor } from "../editor";
import type { Band, Json } from "../editor/model";
import { CommentsPanel, commentCounts, rootOf } from "../panels/Comments";
import { EvidencePanel, type ElementOption } from "../panels/Evidence";
import { FeedbackDrawer } from "../panels/FeedbackDrawer";
import { HistoryPanel } from "../panels/History";
import { LintPanel } from "../panels/Lint";
import { CLOSE_NEW_GENERATION, connect, LOCAL_ORIGIN, type Session } from "../realtime";
import { merge3, reconcileMap } from "../editor/reapply";
import { ShareDialog } from "../components/ShareDialog";
import { LiveStatus, RoleBadge } from "../components/Team";
import { navigate, useLocation } from "../router";
import { JourneyTrail } from "../components/JourneyTrail";
import { MapLinksContext } from "../editor/subJourney";
import { journeyApi } from "../journeyApi";

type Tab = "comments" | "history" | "evidence" | "lint";
const TABS: Array<[Tab, string, "comment" | "history" | "evidence" | "lint"]> = [
  ["comments", "Comments", "comment"],
  ["history", "History", "history"],
  ["evidence", "Evidence", "evidence"],
  ["lint", "Lint", "lint"],
];

const DERIVABLE = new Set(["customer-journey-map", "experience-map", "service-blueprint"]);

/** Every element with an id in the map's JSON, with a readable label (for comments, lint, evidence). */
export function elementsOf(data: unknown): ElementOption[] {
  const out: ElementOption[] = [];
  const seen = new Set<string>();
  const walk = (node: unknown, depth: number) => {
    if (depth > 12 || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1);
      return;
    }
    const obj = node as Record<string, unknown>;
    if (depth > 0 && typeof obj.id === "string" && !seen.has(obj.id)) {
      seen.add(obj.id);
      const text = [obj.name, obj.title, obj.text, obj.label, obj.kind].find((v) => typeof v === "string" && v.trim());
      const label = typeof text === "string" ? text.trim().replace(/\s+/g, " ") : obj.id;
      out.push({ id: obj.id, label: label.length > 60 ? `${label.slice(0, 57)}…` : label });
    }
    for (const [key, value] of Object.entries(obj)) if (key !== "comments") walk(value, depth + 1);
  };
  walk(data, 0);
  return out;
}

/** The workspace's VMPI colour bands (settings.vmpi_bands of the workspace file), when it sets them. */
function vmpiBands(settings: Record<string, unknown> | null | undefined): Band[] | undefined {
  const inner = settings?.settings as { vmpi_bands?: unknown } | undefined;
  const bands = inner?.vmpi_bands;
  if (!Array.isArray(bands)) return undefined;
  const valid = (bands as unknown[]).filter((b): b is Band => {
    if (typeof b !== "object" || b === null) return false;
    const band = b as Record<string, unknown>;
    return typeof band.min === "number" && typeof band.label === "string" && typeof band.colour === "string";
  });
  return valid.length ? valid : undefined;
}

function useDocField(session: Session | null, key: string): unknown {
  const [value, setValue] = useState<unknown>(session?.root.get(key));
  useEffect(() => {
    if (!session) return;
    const update = () => setValue(session.root.get(key));
    session.root.observe(update);
    update();
    return () => session.root.unobserve(update);
  }, [session, key]);
  return value;
}

export function MapPage({ mid, user }: { mid: number; user: User }) {
  // The map's data first (fast), its problems and lint findings after (they take longer on a big map).
  const map = useLoad((signal) => api.map(mid, signal, false), [mid]);
  const info = map.data;
  const checks = useLoad((signal) => api.map(mid, signal), [mid]);
  const problems = checks.data?.problems ?? [];
  const findings = checks.data?.lint ?? [];
  const workspace = useLoad(
    (signal) => (info ? api.workspace(info.workspace_id, signal) : Promise.resolve(null)),
    [info?.workspace_id],
  );
  const comments = useLoad((signal) => api.comments(mid, signal), [mid]);
  const links = useLoad((signal) => journeyApi.links(mid, signal), [mid]);

  const [session, setSession] = useState<Session | null>(null);
  // A map this user may not open (404: not a member, or gone) gets no live connection (it would retry forever).
  const [lost, setLost] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const denied = (!!map.error && !info) || !!lost;
  useEffect(() => {
    if (denied) return;
    const s = connect(mid, user);
    setSession(s);
    return () => {
      s.destroy();
      setSession(null);
    };
  // eslint-disable-next-line react-hooks/exhaustive-deps -- one connection per map, user id and generation; other fields of the user need no new one
  }, [mid, user.id, denied, generation]);

  // The server ended the connection because this user's access changed (a new role, or removed): read the map
  // again (its role) and connect anew, or say the map cannot be opened any more.
  const closed = useWatch(session?.closed ?? STATIC_NULL);
  // The server rebuilt the map's document (a new generation, docs/studio.md "Generations"): open it again with a
  // new document, and re-apply this tab's unsaved changes once it is synced.
  const carried = useRef<{ base: Json; mine: Json } | null>(null);
  useEffect(() => {
    if (!closed) return;
    if (closed.code === CLOSE_NEW_GENERATION) {
      carried.current = session?.unsaved() ?? null;
      setGeneration((n) => n + 1);
      return;
    }
    api.map(mid, undefined, false).then(
      (fresh) => {
        map.set(fresh);
        notify(`Your access to this map changed: your role is now ${roleLabel(fresh.role) || "a member's"}`);
        setGeneration((n) => n + 1);
      },
      (error: unknown) => setLost(error),
    );
  // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the live connection closes, for the map of that moment
  }, [closed]);

  const [selected, setSelectedState] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>("comments");
  const [panelOpen, setPanelOpen] = useState(window.innerWidth > 900);
  const [composeFor, setComposeFor] = useState<{ anchor: string; nonce: number } | null>(null);
  const [elements, setElements] = useState<ElementOption[]>([]);
  const [lintStale, setLintStale] = useState(false);

  const select = useCallback(
    (id: string | null) => {
      setSelectedState(id);
      session?.setFocus(id);
    },
    [session],
  );

  // Element labels from the live document (throttled), so comments and findings name what they are about.
  useEffect(() => {
    if (!session) return;
    let timer = 0;
    const update = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setElements(elementsOf(session.root.toJSON())), 300);
    };
    session.doc.on("update", update);
    setElements(elementsOf(session.root.toJSON())); // at once: the names are there as soon as the map is
    return () => {
      window.clearTimeout(timer);
      session.doc.off("update", update);
    };
  }, [session]);
  const labelOf = useCallback(
    (id: string) => elements.find((e) => e.id === id)?.label ?? id,
    [elements],
  );

  const status = useWatch(session?.saved ?? STATIC_CONNECTING);
  const synced = useWatch(session?.synced ?? STATIC_FALSE);

  useEffect(() => {
    const unsaved = carried.current;
    // the session's own flag, not the hook's value (which may still be the old session's for a render)
    if (!session || !session.synced.get() || !unsaved) return;
    carried.current = null;
    const merged = merge3(unsaved.base, unsaved.mine, session.root.toJSON() as Json);
    if (merged && typeof merged === "object" && !Array.isArray(merged))
      session.doc.transact(() => reconcileMap(session.root, merged), LOCAL_ORIGIN);
    notify("The map's history was compacted and the map opened again; your unsaved changes were re-applied");
  }, [session, synced]);

  // Lint and problems follow the saved document: re-read the map a moment after changes are stored.
  const lastStatus = useRef(status);
  useEffect(() => {
    const before = lastStatus.current;
    lastStatus.current = status;
    if (status === "saving") setLintStale(true);
    if (status === "saved" && before === "saving") {
      const timer = window.setTimeout(() => {
        api.map(mid).then(
          (fresh) => {
            checks.set(fresh);
            setLintStale(false);
          },
          () => setLintStale(false),
        );
      }, 1200);
      return () => window.clearTimeout(timer);
    }
    return undefined;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- runs on each change of the save status, for the map of that moment
  }, [status]);

  // Comments arrive live: the server's notice `{"kind": "comments"}` reloads the threads (no polling); the
  // `{"kind": "inbox"}` notice (this user was mentioned) updates the bell.
  useEffect(() => {
    if (!session) return;
    return session.notices.subscribe((notice) => {
      if (notice.kind === "comments" && (notice.map_id === undefined || Number(notice.map_id) === mid)) comments.reload();
      else if (notice.kind === "inbox") inboxNotice(notice);
    });
  // eslint-disable-next-line react-hooks/exhaustive-deps -- one subscription per session and map; reload is read when a notice comes
  }, [session, mid]);

  // `?comment=ID` (a mention in the inbox): the comments panel open at that comment's thread, its element selected.
  const location = useLocation();
  const focusComment = Number(location.query.get("comment")) || null;
  useEffect(() => {
    if (!focusComment || !comments.data) return;
    const root = rootOf(comments.data, focusComment);
    const thread = comments.data.find((c) => c.id === root);
    setTab("comments");
    setPanelOpen(true);
    if (thread) select(thread.anchor);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the comments first arrive (not on each reload) or the session changes
  }, [focusComment, comments.data === null, session]);

  // Warn before leaving with edits that the server has not acknowledged.
  useEffect(() => {
    const onBefore = (event: BeforeUnloadEvent) => {
      if (session?.pending()) {
        event.preventDefault();
      }
    };
    window.addEventListener("beforeunload", onBefore);
    return () => window.removeEventListener("beforeunload", onBefore);
  }, [session]);

  const title = useDocField(session, "title");
  const state = useDocField(session, "state");
  const liveTitle = typeof title === "string" && title ? title : (info?.title ?? "");
  const mapType = info?.type ?? "";
  // The caller's role on the map: below editor, no editing control at all (the server refuses edits anyway).
  const role = info?.role;
  const editable = !role || canEdit(role);
  const mayComment = !role || canComment(role);
  const serverReadOnly = useWatch(session?.readOnly ?? STATIC_FALSE);
  const readOnly = !synced || !editable || serverReadOnly;
  const [sharing, setSharing] = useState(false);

  // The server refused an update of this connection (it is read-only): say so.
  useEffect(() => {
    if (!session) return;
    return session.notices.subscribe((notice) => {
      if (notice.kind === "refused")
        notify(
          `Your change was not saved: ${typeof notice.reason === "string" ? notice.reason : "this map is read-only for you"}`,
          "error",
        );
    });
  }, [session]);

  const comment = useCallback((elementId: string) => {
    setTab("comments");
    setPanelOpen(true);
    setComposeFor({ anchor: elementId, nonce: Date.now() });
  }, []);

  useKeys((event) => {
    const mod = event.ctrlKey || event.metaKey;
    if (mod && !event.altKey && (event.key === "z" || event.key === "Z" || event.key === "y")) {
      if (isTyping(event) || !session || readOnly) return false;
      if (event.key === "y" || event.shiftKey) session.undo.redo();
      else session.undo.undo();
      return true;
    }
    if (event.key === "Escape") {
      if (isTyping(event)) {
        (event.target as HTMLElement).blur();
        return true;
      }
      // First Esc drops the selection, the next one closes the side panel.
      if (selected) {
        select(null);
        return true;
      }
      if (panelOpen) {
        setPanelOpen(false);
        return true;
      }
      return false;
    }
    if (isTyping(event) || mod || event.altKey) return false;
    if (event.key === "c" && selected && mayComment) {
      comment(selected);
      return true;
    }
    const index = ["1", "2", "3", "4"].indexOf(event.key);
    if (index >= 0) {
      setTab(TABS[index][0]);
      setPanelOpen(true);
      return true;
    }
    return false;
  });

  const bands = useMemo(() => vmpiBands(workspace.data?.settings), [workspace.data]);
  const counts = useMemo(() => commentCounts(comments.data ?? []), [comments.data]);

  const derive = () =>
    confirmAndRun(
      {
        title: "Derive a to-be map?",
        message:
          "A new to-be map is made from this as-is map: the same stages and steps, each step linked to the as-is step it replaces, measured emotions kept as estimates.",
        action: "Derive",
      },
      () => api.derive(mid),
      (created) => {
        notify(`Created ${created.title}`);
        navigate(`/m/${created.id}`);
      },
    );

  if ((map.error && !info) || lost) {
    return (
      <div class="page-narrow">
        <Brand />
        <h1>This map cannot be opened</h1>
        <ErrorNote error={lost ?? map.error} />
        {lost ? (
          <p class="muted">Your access to it ended while it was open: an owner may have removed you from its workspace.</p>
        ) : null}
        <a class="button" href="/" data-nav>
          Back to the workspaces
        </a>
      </div>
    );
  }

  const openCount = Object.values(counts).reduce((a, b) => a + b, 0);
  const findingCount = problems.length + findings.length;

  return (
    <div class="map-page">
      <header class="map-bar">
        <Brand />
        <nav class="crumbs" aria-label="Breadcrumbs">
          {info && (
            <a href={`/w/${info.workspace_id}`} data-nav class="crumb">
              {workspace.data?.name ?? "Workspace"}
            </a>
          )}
          <span class="crumb-sep">/</span>
          {session && info ? (
            <TitleField session={session} title={liveTitle} readOnly={readOnly} />
          ) : (
            <span class="crumb current">{liveTitle || "…"}</span>
          )}
          {info && (
            <MapMenu
              class="title-menu"
              map={{ id: mid, title: liveTitle || info.title }}
              role={info.role}
              onRenamed={() => map.reload()}
              onDuplicated={(copy) => navigate(`/m/${copy.id}`)}
              onDeleted={() => navigate(`/w/${info.workspace_id}`)}
            >
              <Icon name="chevron" size={14} />
            </MapMenu>
          )}
          {mapType && (
            <span class="badge type-badge" title={mapTypeLabel(mapType)}>
              {mapTypeLabel(mapType)}
              {state === "to-be" ? " · to be" : " · as is"}
            </span>
          )}
          {role && <RoleBadge role={role} />}
        </nav>
        <div class="spacer" />
        {session && <Presence session={session} onFollow={select} />}
        {session && (editable ? <SavedStatus status={status} /> : <LiveStatus status={status} label="Live · read-only" />)}
        {session && editable && <UndoRedo session={session} disabled={readOnly} />}
        {info && editable && (
          <button type="button" onClick={() => setSharing(true)} title="Share this map with a link">
            <Icon name="share" /> Share
          </button>
        )}
        {info && editable && DERIVABLE.has(mapType) && state !== "to-be" && (
          <button type="button" onClick={() => void derive()} title="Make a to-be map from this as-is map">
            <Icon name="derive" /> Derive to-be map
          </button>
        )}
        {info && <ExportMenu mapId={mid} mapType={mapType} />}
        <InboxBell />
        <button type="button" class="icon-button" title="Keyboard shortcuts (?)" onClick={openShortcuts}>
          <Icon name="keyboard" />
        </button>
        <button
          type="button"
          class={panelOpen ? "icon-button active" : "icon-button"}
          title={panelOpen ? "Hide the side panel (Esc)" : "Show the side panel"}
          aria-pressed={panelOpen}
          onClick={() => setPanelOpen(!panelOpen)}
        >
          <Icon name="sidebar" />
        </button>
      </header>
      <JourneyTrail links={links.data} title={liveTitle} />
      <div class="map-body">
        <main class="canvas" aria-label="Map editor">
          {(!info || !session) && <Spinner label="Opening the map…" />}
          {info && session && (
            <>
              {!synced && (
                <div class="canvas-overlay">
                  <Spinner label={status === "offline" ? "Waiting for the connection…" : "Loading the live map…"} />
                </div>
              )}
              {/* Mounted once the first sync is done, so its first render reads the whole map (an editor that
                  mounted earlier could miss the sync's update until its observers were attached). */}
              {synced && (
                <MapLinksContext.Provider value={links.data}>
                <MapEditor
                  mapId={mid}
                  mapType={mapType}
                  session={session}
                  user={user}
                  selected={selected}
                  onSelect={select}
                  commentCounts={counts}
                  onComment={comment}
                  canComment={mayComment}
                  lint={[...problems, ...findings]}
                  readOnly={readOnly}
                  bands={bands}
                  personas={workspace.data?.personas}
                />
                </MapLinksContext.Provider>
              )}
            </>
          )}
        </main>
        {panelOpen && (
          <aside class="side-panel" aria-label="Side panel">
            <div class="panel-tabs" role="tablist">
              {TABS.map(([id, label, icon], i) => (
                <button
                  key={id}
                  type="button"
                  role="tab"
                  aria-selected={tab === id}
                  class={tab === id ? "panel-tab active" : "panel-tab"}
                  onClick={() => setTab(id)}
                  title={`${label} (${i + 1})`}
                >
                  <Icon name={icon} size={14} />
                  <span class="panel-tab-label">{label}</span>
                  {id === "comments" && openCount > 0 && <span class="count">{openCount}</span>}
                  {id === "lint" && findingCount > 0 && <span class="count">{findingCount}</span>}
                </button>
              ))}
              <button type="button" class="icon-button" title="Close (Esc)" onClick={() => setPanelOpen(false)}>
                <Icon name="close" size={14} />
              </button>
            </div>
            {tab === "comments" && (
              <CommentsPanel
                mapId={mid}
                user={user}
                comments={comments.data ?? ([] as Comment[])}
                reload={comments.reload}
                selected={selected}
                onSelect={select}
                composeFor={composeFor}
                onComposed={() => setComposeFor(null)}
                canComment={mayComment}
                labelOf={labelOf}
                workspaceId={info?.workspace_id}
                focusComment={focusComment}
              />
            )}
            {tab === "history" && <HistoryPanel mapId={mid} onRestored={() => checks.reload()} canEdit={editable} />}
            {tab === "evidence" && (
              <EvidencePanel mapId={mid} elements={elements} onApplied={() => checks.reload()} canEdit={editable} />
            )}
            {tab === "lint" && info && (
              <LintPanel
                problems={problems}
                lint={findings}
                selected={selected}
                onSelect={select}
                labelOf={labelOf}
                stale={lintStale || checks.loading}
              />
            )}
          </aside>
        )}
      </div>
      <FeedbackDrawer mapId={mid} canEdit={editable} />
      {sharing && <ShareDialog mapId={mid} title={liveTitle} onClose={() => setSharing(false)} />}
    </div>
  );
}

const STATIC_CONNECTING = { get: () => "connecting" as const, subscribe: () => () => undefined };
const STATIC_FALSE = { get: () => false, subscribe: () => () => undefined };
const STATIC_NULL = { get: () => null, subscribe: () => () => undefined };

function TitleField({ session, title, readOnly }: { session: Session; title: string; readOnly: boolean }) {
  const [value, setValue] = useState(title);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setValue(title);
  }, [title, editing]);
  const commit = () => {
    setEditing(false);
    const next = value.trim();
    if (!next || next === title) {
      setValue(title);
      return;
    }
    session.doc.transact(() => session.root.set("title", next), LOCAL_ORIGIN);
  };
  return (
    <input
      class="title-input"
      aria-label="Map title"
      value={value}
      readOnly={readOnly}
      maxLength={500}
      size={Math.max(8, Math.min(48, value.length + 1))}
      onFocus={() => setEditing(true)}
      onInput={(e) => setValue(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") e.currentTarget.blur();
        if (e.key === "Escape") {
          setValue(title);
          setEditing(false);
          e.currentTarget.blur();
          e.preventDefault();
        }
      }}
    />
  );
}

export type { MapDoc };
