// The inbox: a bell with the number of unread mentions, and a dropdown listing them (who, the excerpt, the map,
// when; unread in bold) that opens the map at the comment, with "mark all read". One store for the page: the bell
// of the list pages' header and the map page's bar show the same; it is read on page load, when the tab comes
// back into view, and when the server's realtime notice `{"kind": "inbox"}` arrives on an open map.

import { useEffect, useState } from "preact/hooks";
import { manageApi, type Inbox, type InboxItem } from "../manageApi";
import { userColour } from "../realtime";
import { navigate } from "../router";
import { useAuth } from "../session";
import { useMenu } from "./TopBar";
import { Avatar, Icon, Spinner, notifyError } from "./ui";
import { when } from "./Manage";

interface InboxState {
  unread: number;
  items: InboxItem[];
  loaded: boolean;
  error: unknown;
}

let state: InboxState = { unread: 0, items: [], loaded: false, error: null };
const listeners = new Set<(state: InboxState) => void>();
let inFlight: Promise<void> | null = null;
let again = false;

function set(next: Partial<InboxState>): void {
  state = { ...state, ...next };
  for (const listener of [...listeners]) listener(state);
}

/** Read the inbox from the server (one request at a time; a call during one reads once more after it). */
export function refreshInbox(): Promise<void> {
  if (inFlight) {
    again = true;
    return inFlight;
  }
  inFlight = manageApi
    .inbox()
    .then(
      (inbox: Inbox) => set({ unread: inbox.unread, items: inbox.items, loaded: true, error: null }),
      (error: unknown) => set({ error, loaded: true }),
    )
    .finally(() => {
      inFlight = null;
      if (again) {
        again = false;
        void refreshInbox();
      }
    });
  return inFlight;
}

/** A realtime notice `{"kind": "inbox", "unread": N}`: show the count at once and read the list. */
export function inboxNotice(notice: { kind: string; [key: string]: unknown }): void {
  if (notice.kind !== "inbox") return;
  if (typeof notice.unread === "number") set({ unread: notice.unread });
  void refreshInbox();
}

/** Forget the inbox (signed out). */
export function clearInbox(): void {
  set({ unread: 0, items: [], loaded: false, error: null });
}

export function useInbox(): InboxState {
  const [value, setValue] = useState(state);
  useEffect(() => {
    listeners.add(setValue);
    setValue(state);
    return () => {
      listeners.delete(setValue);
    };
  }, []);
  return value;
}

async function markRead(ids?: number[]): Promise<void> {
  try {
    const answer = await manageApi.markRead(ids);
    set({
      unread: typeof answer?.unread === "number" ? answer.unread : state.unread,
      items: state.items.map((item) => (!ids || ids.includes(item.id) ? { ...item, read: true } : item)),
    });
  } catch (error) {
    notifyError(error);
  }
}

/** The address of a mention: the map, at the comment. */
export function mentionHref(item: InboxItem): string {
  return `/m/${item.map_id}?comment=${item.comment_id}`;
}

/** The bell (nothing without a signed-in user: a share-link visitor has no inbox). */
export function InboxBell() {
  const { user } = useAuth();
  return user ? <Bell /> : null;
}

function Bell() {
  const inbox = useInbox();
  const [open, setOpen, ref] = useMenu();

  useEffect(() => {
    void refreshInbox(); // page load
    const onVisible = () => {
      if (document.visibilityState === "visible") void refreshInbox();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, []);

  const toggle = () => {
    if (!open) void refreshInbox();
    setOpen(!open);
  };

  const openItem = (item: InboxItem) => {
    setOpen(false);
    if (!item.read) void markRead([item.id]);
    navigate(mentionHref(item));
  };

  const unread = inbox.unread;
  return (
    <div class="menu-anchor inbox" ref={ref}>
      <button
        type="button"
        class={open ? "icon-button bell active" : "icon-button bell"}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={unread ? `Inbox: ${unread} unread` : "Inbox"}
        title={unread ? `${unread} unread ${unread === 1 ? "mention" : "mentions"}` : "Inbox: mentions of you"}
        onClick={toggle}
        data-testid="inbox-bell"
      >
        <Icon name="bell" />
        {unread > 0 && (
          <span class="bell-count" data-testid="inbox-count">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div class="menu inbox-menu" role="menu" aria-label="Inbox" data-testid="inbox-menu">
          <div class="inbox-head">
            <strong>Mentions</strong>
            {unread > 0 && <span class="muted small">{unread} unread</span>}
            <span class="spacer" />
            <button type="button" class="link small" disabled={unread === 0} onClick={() => void markRead()}>
              Mark all read
            </button>
          </div>
          {!inbox.loaded && <Spinner />}
          {inbox.loaded && inbox.items.length === 0 && (
            <p class="inbox-empty muted">
              Nothing yet. When someone writes <strong>@your name</strong> in a comment, it shows here.
            </p>
          )}
          {inbox.items.length > 0 && (
            <ul class="inbox-list">
              {inbox.items.map((item) => (
                <li key={item.id}>
                  <a
                    role="menuitem"
                    href={mentionHref(item)}
                    class={item.read ? "inbox-item" : "inbox-item unread"}
                    data-testid="inbox-item"
                    onClick={(event) => {
                      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
                      event.preventDefault();
                      openItem(item);
                    }}
                  >
                    <Avatar name={item.actor.name} colour={userColour(item.actor.id ?? item.actor.name)} small />
                    <span class="inbox-text">
                      <span class="inbox-line">
                        <span class="inbox-who">{item.actor.name}</span> mentioned you on{" "}
                        <span class="inbox-map">{item.map_title}</span>
                      </span>
                      {item.excerpt && <span class="inbox-excerpt">{item.excerpt}</span>}
                      <span class="muted small">{when(item.created_at)}</span>
                    </span>
                    {!item.read && <span class="unread-dot" aria-label="unread" />}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
