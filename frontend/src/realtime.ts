// The live document of a map: a Y.Doc kept in sync with the server by y-websocket, presence through awareness,
// undo/redo of the local user's edits, and the "saved" status driven by the server's acks (message type 100).

import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import type { Awareness } from "y-protocols/awareness";
import * as decoding from "lib0/decoding";
import type * as encoding from "lib0/encoding";
import type { User } from "./api";
import type { Json } from "./editor/model";

/** Message type of the server's ack: a var-length Uint8Array holding its state vector after the commit. */
export const MESSAGE_ACK = 100;

/** Message type of the server's notices: a var-string holding JSON `{kind, …}` (docs/studio.md, "Realtime notices"). */
export const MESSAGE_NOTICE = 101;

/** Close code of the server when the map's document was rebuilt (a new generation): this tab's document must not be
 * merged into it; the map opens again and the unsaved changes are re-applied as data (editor/reapply.ts). */
export const CLOSE_NEW_GENERATION = 4409;

/** A notice of the server: `read-only` (this connection may not edit), `refused` (an update was not applied),
 * `comments` (the map's comments changed), `inbox` (this user was mentioned), `generation` (the generation of the
 * document joined), `restart` (the document was rebuilt), … */
export type Notice = { kind: string; [key: string]: unknown };

/** Name of the root Y.Map holding the map's JSON (docs/studio.md, "Shared map state"). */
export const ROOT = "map";

/** Transaction origin for local edits; the undo manager tracks it (and `null`, the default origin). */
export const LOCAL_ORIGIN = "journeymap-local";

export type SaveStatus = "connecting" | "saved" | "saving" | "offline";

export interface PresenceUser {
  id: number;
  name: string;
  colour: string;
}

export interface PresenceState {
  user: PresenceUser;
  focus: string | null;
}

/** A value that can be read now and watched (a tiny signal). */
export interface Watchable<T> {
  get(): T;
  subscribe(listener: (value: T) => void): () => void;
}

export interface Session {
  mapId: number;
  doc: Y.Doc;
  /** The root Y.Map (`doc.getMap("map")`). */
  root: Y.Map<unknown>;
  provider: WebsocketProvider;
  awareness: Awareness;
  /** "connecting" until the first sync, then "saved" / "saving" / "offline". */
  saved: Watchable<SaveStatus>;
  /** True once the first sync with the server is done (the document holds the map). */
  synced: Watchable<boolean>;
  undo: Y.UndoManager;
  /** The server's notices (message type 101) on this connection. */
  notices: { subscribe(listener: (notice: Notice) => void): () => void };
  /** True once the server said this connection is read-only (a `read-only` notice): the editor stays read-only. */
  readOnly: Watchable<boolean>;
  /** Set when the server ended the connection for good (a 44xx close: access revoked or changed); null before. */
  closed: Watchable<{ code: number; reason: string } | null>;
  /** True while some of this tab's edits are not acknowledged by the server (not yet durable). */
  pending(): boolean;
  /** The map before this tab's first unacknowledged change (`base`) and now (`mine`); null when all are saved. */
  unsaved(): { base: Json; mine: Json } | null;
  /** The presence of this user: `focus` is the id of the element they work on. */
  setFocus(elementId: string | null): void;
  destroy(): void;
}

const PALETTE = ["#e5484d", "#f76b15", "#ffb224", "#30a46c", "#12a594", "#0090ff", "#3e63dd", "#8e4ec6", "#d6409f"];

/** A stable colour per user (their presence colour everywhere). */
export function userColour(id: number | string): string {
  const text = String(id);
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

function watchable<T>(initial: T): Watchable<T> & { set(value: T): void } {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get: () => value,
    set(next: T) {
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of [...listeners]) listener(value);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** ws:// or wss:// + the page's host + /api/realtime. */
export function realtimeUrl(location: Location = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/realtime`;
}

/** Parse a notice's JSON text; null when it is not a JSON object with a string `kind`. */
export function parseNotice(text: string): Notice | null {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value) && typeof (value as Notice).kind === "string")
      return value as Notice;
  } catch {
    // not JSON: ignored
  }
  return null;
}

/** Connect to a map's live document; `user` null for a share-link visitor (no presence of their own). */
/** A handler of one of the studio's own message types, which only reads the message (it answers nothing). */
function readsOnly(read: (decoder: decoding.Decoder) => void) {
  return (
    _encoder: encoding.Encoder,
    decoder: decoding.Decoder,
    _provider: WebsocketProvider,
    _emitSynced: boolean,
    _messageType: number,
  ): void => read(decoder);
}

export function connect(mapId: number, user: User | null): Session {
  const doc = new Y.Doc();
  const root = doc.getMap<unknown>(ROOT);
  const provider = new WebsocketProvider(realtimeUrl(), `map-${mapId}`, doc, {
    // The server is the only writer to the store: cross-tab BroadcastChannel sync would mark edits as shared
    // before the server acknowledged them, so every tab talks to the server itself.
    disableBc: true,
    maxBackoffTime: 5000,
    // "tell me the generation I join"; once told, reconnections state it, and the server refuses a document of a
    // generation since rebuilt (close 4409) instead of merging it
    params: { generation: "" },
  });
  const awareness = provider.awareness;
  const saved = watchable<SaveStatus>("connecting");
  const synced = watchable<boolean>(false);
  let ackedClock = 0;

  const refresh = () => {
    if (!provider.wsconnected) {
      saved.set(synced.get() ? "offline" : "connecting");
      return;
    }
    if (!synced.get()) {
      saved.set("connecting");
      return;
    }
    const local = Y.getState(doc.store, doc.clientID);
    saved.set(ackedClock >= local ? "saved" : "saving");
  };

  provider.messageHandlers[MESSAGE_ACK] = readsOnly((decoder) => {
    const vector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    ackedClock = Math.max(ackedClock, vector.get(doc.clientID) ?? 0);
    refresh();
  });

  const noticeListeners = new Set<(notice: Notice) => void>();
  const readOnly = watchable<boolean>(false);
  const closed = watchable<{ code: number; reason: string } | null>(null);
  const onClosed = (event: { code: number; reason: string }) => closed.set({ code: event.code, reason: event.reason });
  provider.on("closed", onClosed);
  provider.messageHandlers[MESSAGE_NOTICE] = readsOnly((decoder) => {
    const notice = parseNotice(decoding.readVarString(decoder));
    if (!notice) return;
    if (notice.kind === "read-only") readOnly.set(true);
    if (notice.kind === "generation" && typeof notice.generation === "number")
      provider.params = { ...provider.params, generation: String(notice.generation) };
    for (const listener of [...noticeListeners]) {
      try {
        listener(notice);
      } catch (error) {
        console.error(error);
      }
    }
  });

  const onStatus = () => refresh();
  const onSync = (isSynced: boolean) => {
    if (isSynced) synced.set(true);
    refresh();
  };
  // Only the server's acks make an edit "saved" (also for edits made offline and sent on reconnection).
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin !== provider) refresh();
  };
  const onConnectionStatus = () => refresh();
  provider.on("status", onConnectionStatus);
  provider.on("sync", onSync);
  provider.on("connection-close", onStatus);
  doc.on("update", onUpdate);
  // the map as it was before the oldest change the server has not acknowledged (to re-apply the unsaved changes
  // on a new generation of the document)
  let base: Json | null = null;
  const pending = () => Y.getState(doc.store, doc.clientID) > ackedClock;
  const onBeforeTransaction = (transaction: Y.Transaction) => {
    if (transaction.local && transaction.origin !== provider && !pending()) base = root.toJSON() as Json;
  };
  doc.on("beforeTransaction", onBeforeTransaction);

  if (user) {
    const colour = userColour(user.id);
    const presence: PresenceState = { user: { id: user.id, name: user.name, colour }, focus: null };
    awareness.setLocalState(presence);
  } else {
    awareness.setLocalState(null); // a share-link visitor is not shown to the team
  }

  const undo = new Y.UndoManager(root, {
    trackedOrigins: new Set<unknown>([null, LOCAL_ORIGIN]),
    captureTimeout: 600,
  });

  const onUnload = () => awareness.setLocalState(null);
  window.addEventListener("pagehide", onUnload);

  return {
    mapId,
    doc,
    root,
    provider,
    awareness,
    saved,
    synced,
    undo,
    notices: {
      subscribe(listener) {
        noticeListeners.add(listener);
        return () => {
          noticeListeners.delete(listener);
        };
      },
    },
    readOnly,
    closed,
    pending,
    unsaved: () => (pending() && base !== null ? { base, mine: root.toJSON() as Json } : null),
    setFocus(elementId) {
      const current = awareness.getLocalState() as PresenceState | null;
      if (!current || current.focus === elementId) return;
      awareness.setLocalStateField("focus", elementId);
    },
    destroy() {
      window.removeEventListener("pagehide", onUnload);
      provider.off("status", onConnectionStatus);
      provider.off("sync", onSync);
      provider.off("connection-close", onStatus);
      provider.off("closed", onClosed);
      doc.off("update", onUpdate);
      doc.off("beforeTransaction", onBeforeTransaction);
      noticeListeners.clear();
      awareness.setLocalState(null);
      undo.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Everyone else on the map now: one entry per user (their latest connection), without this connection. */
export function others(awareness: Awareness): Array<PresenceState & { clientId: number }> {
  const byUser = new Map<number, PresenceState & { clientId: number }>();
  awareness.getStates().forEach((state, clientId) => {
    if (clientId === awareness.clientID) return;
    const s = state as Partial<PresenceState> | null;
    if (!s || !s.user || typeof s.user.id !== "number") return;
    byUser.set(s.user.id, {
      clientId,
      user: { id: s.user.id, name: String(s.user.name ?? "?"), colour: String(s.user.colour ?? "#888") },
      focus: typeof s.focus === "string" ? s.focus : null,
    });
  });
  return [...byUser.values()];
}
