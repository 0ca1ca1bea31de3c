// Comments: threads anchored to element ids — list, reply, resolve / reopen, delete, and a new thread on the
// selected element.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, type Comment, type Member, type User } from "../api";
import { userColour } from "../realtime";
import { Avatar, ErrorNote, Icon, TabRow, confirmAndRun, formatDate, notifyError, useAction, valueOf } from "../components/ui";
import { MentionText, MentionTextarea, useMembers } from "../components/Mentions";

export interface Thread {
  root: Comment;
  replies: Comment[];
}

export function threadsOf(comments: Comment[]): Thread[] {
  const roots = new Map<number, Thread>();
  for (const c of comments) if (c.parent_id === null) roots.set(c.id, { root: c, replies: [] });
  for (const c of comments) {
    if (c.parent_id === null) continue;
    // Replies to replies join the thread of their root.
    let parent = comments.find((p) => p.id === c.parent_id);
    while (parent && parent.parent_id !== null) {
      const up = parent.parent_id;
      parent = comments.find((p) => p.id === up);
    }
    const thread = parent ? roots.get(parent.id) : undefined;
    if (thread) thread.replies.push(c);
    else roots.set(c.id, { root: c, replies: [] });
  }
  return [...roots.values()];
}

/** The id of the thread (root comment) a comment belongs to, or null when it is not in the list. */
export function rootOf(comments: Comment[], id: number): number | null {
  let comment = comments.find((c) => c.id === id);
  for (let guard = 0; comment && comment.parent_id !== null && guard < 100; guard++) {
    const up = comment.parent_id;
    comment = comments.find((c) => c.id === up);
  }
  return comment ? comment.id : null;
}

/** Unresolved comments per element id (the badges the editor shows). */
export function commentCounts(comments: Comment[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const thread of threadsOf(comments)) {
    if (thread.root.resolved) continue;
    counts[thread.root.anchor] = (counts[thread.root.anchor] ?? 0) + 1 + thread.replies.length;
  }
  return counts;
}

type Filter = "open" | "selection" | "resolved" | "all";

export function CommentsPanel({
  mapId,
  user,
  comments,
  reload,
  selected,
  onSelect,
  composeFor,
  onComposed,
  labelOf,
  canComment = true,
  canResolve = canComment,
  postComment = api.addComment,
  workspaceId,
  focusComment,
}: {
  mapId: number;
  /** The signed-in user (null for a share-link visitor). */
  user: User | null;
  comments: Comment[];
  reload: () => void;
  selected: string | null;
  onSelect: (id: string | null) => void;
  /** Set to an element id to start a new thread on it (the `c` key, the editor's comment button). */
  composeFor: { anchor: string; nonce: number } | null;
  onComposed: () => void;
  labelOf: (id: string) => string;
  /** The role may write comments and replies (`comment:create`); otherwise the panel only reads. */
  canComment?: boolean;
  /** The role may resolve and reopen threads (`comment:resolve`). */
  canResolve?: boolean;
  /** How a comment is posted (a share-link visitor's carry the name they gave). */
  postComment?: (mapId: number, anchor: string, body: string, parentId?: number) => Promise<Comment>;
  /** The map's workspace: its members are offered after `@` (none for a share-link visitor). */
  workspaceId?: number | null;
  /** A comment to show (the inbox opens the map at it): its thread is scrolled to and flashed. */
  focusComment?: number | null;
}) {
  const [filter, setFilter] = useState<Filter>("open");
  const members = useMembers(user ? workspaceId : null);
  const list = useRef<HTMLUListElement>(null);

  // Show the comment the inbox points at: its thread (the resolved ones too), scrolled to and flashed.
  const focusThread = focusComment ? rootOf(comments, focusComment) : null;
  useEffect(() => {
    if (!focusThread) return;
    const thread = comments.find((c) => c.id === focusThread);
    if (thread?.resolved) setFilter("all");
    else setFilter((f) => (f === "resolved" || f === "selection" ? "open" : f));
    const timer = window.setTimeout(() => {
      const element = list.current?.querySelector<HTMLElement>(`[data-thread="${focusThread}"]`);
      if (!element) return;
      element.scrollIntoView({ block: "center", behavior: "smooth" });
      element.classList.add("flash");
      window.setTimeout(() => element.classList.remove("flash"), 2400);
    }, 50);
    return () => window.clearTimeout(timer);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when another thread or comment is to be shown, not when the comments reload
  }, [focusThread, focusComment]);
  const [draft, setDraft] = useState("");
  const [anchor, setAnchor] = useState<string | null>(null);
  const [run, busy, error, clearError] = useAction();
  const composer = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (composeFor) {
      setAnchor(composeFor.anchor);
      clearError();
      window.setTimeout(() => composer.current?.focus(), 0);
    }
  // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once per request to compose (its nonce), not when the request object is recreated
  }, [composeFor?.nonce]);

  const threads = threadsOf(comments)
    .filter((t) => {
      if (filter === "open") return !t.root.resolved;
      if (filter === "resolved") return t.root.resolved;
      if (filter === "selection") return selected !== null && t.root.anchor === selected;
      return true;
    })
    .sort((a, b) => (a.root.resolved === b.root.resolved ? b.root.id - a.root.id : a.root.resolved ? 1 : -1));

  const post = async (event: Event) => {
    event.preventDefault();
    const target = anchor ?? selected;
    if (!target || !draft.trim()) return;
    const created = await run(() => postComment(mapId, target, draft.trim()));
    if (created) {
      setDraft("");
      setAnchor(null);
      onComposed();
      reload();
    }
  };

  const target = anchor ?? selected;
  return (
    <div class="panel-body comments-panel">
      {canComment && (
        <form class="composer" onSubmit={post}>
          {target ? (
            <div class="composer-target">
              Comment on <button type="button" class="link" onClick={() => onSelect(target)}>{labelOf(target)}</button>
              {anchor && anchor !== selected && (
                <button type="button" class="icon-button" title="Comment on the selection instead" onClick={() => setAnchor(null)}>
                  <Icon name="close" size={12} />
                </button>
              )}
            </div>
          ) : (
            <div class="composer-target muted">Select an element of the map to comment on it.</div>
          )}
          <MentionTextarea
            inputRef={composer}
            members={members}
            me={user?.id}
            onValue={setDraft}
            rows={3}
            maxLength={20000}
            placeholder={
              target
                ? members.length
                  ? "Write a comment… (@ to mention someone, Ctrl+Enter to post)"
                  : "Write a comment… (Ctrl+Enter to post)"
                : "Select an element first"
            }
            disabled={!target}
            value={draft}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
          <ErrorNote error={error} />
          <div class="composer-actions">
            <button type="submit" class="primary small" disabled={busy || !target || !draft.trim()}>
              Comment
            </button>
          </div>
        </form>
      )}
      {!canComment && <p class="muted small comments-readonly">You can read the comments here, not write them.</p>}
      <TabRow<Filter>
        tabs={[
          ["open", "Open"],
          ["selection", "On selection"],
          ["resolved", "Resolved"],
          ["all", "All"],
        ]}
        current={filter}
        onSelect={setFilter}
        class="filter-row"
        tabClass="chip"
      />
      {threads.length === 0 && (
        <p class="muted empty-small">
          {filter === "selection" && !selected ? "Nothing selected." : "No comments here."}
        </p>
      )}
      <ul class="threads" ref={list}>
        {threads.map((thread) => (
          <ThreadView
            key={thread.root.id}
            thread={thread}
            user={user}
            mapId={mapId}
            active={thread.root.anchor === selected}
            onSelect={onSelect}
            reload={reload}
            labelOf={labelOf}
            canComment={canComment}
            canResolve={canResolve}
            postComment={postComment}
            members={members}
          />
        ))}
      </ul>
    </div>
  );
}

function CommentBody({
  comment,
  user,
  reload,
  names,
}: {
  comment: Comment;
  user: User | null;
  reload: () => void;
  names: string[];
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(comment.body);
  const mine = user !== null && comment.author.id === user.id;

  const save = async () => {
    try {
      await api.updateComment(comment.id, { body: text.trim() });
      setEditing(false);
      reload();
    } catch (error) {
      notifyError(error);
    }
  };
  const remove = () =>
    confirmAndRun(
      { title: "Delete the comment?", message: "The comment and its text are removed for everyone.", action: "Delete", danger: true },
      () => api.deleteComment(comment.id),
      () => reload(),
    );

  return (
    <div class="comment">
      <div class="comment-head">
        <Avatar name={comment.author.name} colour={userColour(comment.author.id ?? 0)} small />
        <strong>{comment.author.name}</strong>
        {comment.author.guest && (
          <span class="badge" title="Commented through a share link, under the name they gave">
            guest
          </span>
        )}
        <span class="muted small" title={comment.created_at}>
          {formatDate(comment.created_at)}
        </span>
        {mine && !editing && (
          <span class="comment-tools">
            <button type="button" class="link small" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" class="link small danger" onClick={() => void remove()}>
              Delete
            </button>
          </span>
        )}
      </div>
      {editing ? (
        <div class="comment-edit">
          <textarea rows={3} value={text} onInput={(e) => setText(valueOf(e))} maxLength={20000} />
          <div class="composer-actions">
            <button type="button" class="small" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="button" class="primary small" disabled={!text.trim()} onClick={() => void save()}>
              Save
            </button>
          </div>
        </div>
      ) : (
        <p class="comment-text">
          <MentionText text={comment.body} names={names} />
        </p>
      )}
    </div>
  );
}

function ThreadView({
  thread,
  user,
  mapId,
  active,
  onSelect,
  reload,
  labelOf,
  canComment,
  canResolve,
  postComment,
  members,
}: {
  thread: Thread;
  user: User | null;
  mapId: number;
  active: boolean;
  onSelect: (id: string | null) => void;
  reload: () => void;
  labelOf: (id: string) => string;
  canComment: boolean;
  canResolve: boolean;
  postComment: (mapId: number, anchor: string, body: string, parentId?: number) => Promise<Comment>;
  members: Member[];
}) {
  const [reply, setReply] = useState("");
  const names = members.map((m) => m.name);
  const [replying, setReplying] = useState(false);
  const [run, busy, error] = useAction();
  const { root } = thread;

  const toggleResolved = async () => {
    const done = await run(() => api.updateComment(root.id, { resolved: !root.resolved }));
    if (done) reload();
  };
  const sendReply = async (event: Event) => {
    event.preventDefault();
    if (!reply.trim()) return;
    const done = await run(() => postComment(mapId, root.anchor, reply.trim(), root.id));
    if (done) {
      setReply("");
      setReplying(false);
      reload();
    }
  };

  return (
    <li class={`thread${active ? " active" : ""}${root.resolved ? " resolved" : ""}`} data-thread={root.id}>
      <div class="thread-anchor">
        <button type="button" class="link small" onClick={() => onSelect(root.anchor)} title="Select on the map">
          {labelOf(root.anchor)}
        </button>
        {canResolve ? (
          <button type="button" class="small" disabled={busy} onClick={() => void toggleResolved()}>
            {root.resolved ? "Reopen" : (
              <>
                <Icon name="check" size={12} /> Resolve
              </>
            )}
          </button>
        ) : (
          root.resolved && <span class="badge">resolved</span>
        )}
      </div>
      <CommentBody comment={root} user={user} reload={reload} names={names} />
      {thread.replies.map((c) => (
        <div key={c.id} class="reply">
          <CommentBody comment={c} user={user} reload={reload} names={names} />
        </div>
      ))}
      {replying ? (
        <form class="reply-form" onSubmit={sendReply}>
          <MentionTextarea
            members={members}
            me={user?.id}
            onValue={setReply}
            rows={2}
            value={reply}
            maxLength={20000}
            placeholder="Reply…"
            autofocus
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
          <div class="composer-actions">
            <button type="button" class="small" onClick={() => setReplying(false)}>
              Cancel
            </button>
            <button type="submit" class="primary small" disabled={busy || !reply.trim()}>
              Reply
            </button>
          </div>
        </form>
      ) : (
        canComment && (
          <button type="button" class="link small" onClick={() => setReplying(true)}>
            Reply
          </button>
        )
      )}
      <ErrorNote error={error} />
    </li>
  );
}
