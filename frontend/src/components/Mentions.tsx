// @mentions in comments: a text area that offers the workspace's members when one types `@` and inserts `@Name`,
// and comment text with the mentions of members set apart.

import type { JSX, RefObject } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, type Member } from "../api";
import { userColour } from "../realtime";
import { Avatar } from "./ui";

// --- members of a workspace (read once per page) ------------------------------------------------------------------

const cache = new Map<number, Promise<Member[]>>();

/** The members of the workspace (those one can mention); [] until read, or when they cannot be read. */
export function useMembers(workspaceId: number | null | undefined): Member[] {
  const [members, setMembers] = useState<Member[]>([]);
  useEffect(() => {
    if (!workspaceId) return;
    let live = true;
    let promise = cache.get(workspaceId);
    if (!promise) {
      promise = api.members(workspaceId).catch(() => {
        cache.delete(workspaceId); // try again next time
        return [] as Member[];
      });
      cache.set(workspaceId, promise);
    }
    void promise.then((list) => live && setMembers(Array.isArray(list) ? list : []));
    return () => {
      live = false;
    };
  }, [workspaceId]);
  return members;
}

// --- finding and inserting a mention --------------------------------------------------------------------------

export interface MentionQuery {
  /** Index of the `@`. */
  start: number;
  /** What follows the `@` up to the caret. */
  query: string;
}

/** The mention being typed at the caret: an `@` at the start or after a space (not inside an email address). */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0) return null;
  if (at > 0 && !/[\s([{"'“‘]/.test(before[at - 1])) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /[\n@]/.test(query) || /^\s/.test(query)) return null;
  return { start: at, query };
}

/** Members whose name (or a word of it, or the email) starts with the query, best first; at most 8. */
export function matchMembers(members: Member[], query: string, exclude?: number | null): Member[] {
  const q = query.toLowerCase();
  const scored: Array<[number, Member]> = [];
  for (const m of members) {
    if (m.user_id === exclude) continue;
    const name = m.name.toLowerCase();
    let score = -1;
    if (name.startsWith(q)) score = 0;
    else if (!q.includes(" ") && name.split(/\s+/).some((word) => word.startsWith(q))) score = 1;
    else if (!q.includes(" ") && m.email.toLowerCase().startsWith(q)) score = 2;
    if (score >= 0) scored.push([score, m]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name));
  return scored.slice(0, 8).map(([, m]) => m);
}

/** The text with `@query` at `mention` replaced by `@Name `, and where the caret goes. */
export function insertMention(text: string, caret: number, mention: MentionQuery, name: string): [string, number] {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^ /, "");
  return [text.slice(0, mention.start) + inserted + after, mention.start + inserted.length];
}

// --- the text area --------------------------------------------------------------------------------------------

type TextareaProps = Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onInput" | "ref">;

export function MentionTextarea({
  value,
  onValue,
  members,
  me,
  inputRef,
  onKeyDown,
  ...rest
}: TextareaProps & {
  value: string;
  onValue: (value: string) => void;
  members: Member[];
  /** The signed-in user (not offered). */
  me?: number | null;
  inputRef?: RefObject<HTMLTextAreaElement>;
}) {
  const own = useRef<HTMLTextAreaElement>(null);
  const ref = inputRef ?? own;
  const [mention, setMention] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const options = useMemo(
    () => (mention ? matchMembers(members, mention.query, me) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the options follow the query's text and place, not each new mention object
    [mention?.query, mention?.start, members, me],
  );
  const open = mention !== null && options.length > 0;

  const track = (field: HTMLTextAreaElement) => {
    const next = field.selectionStart === field.selectionEnd ? mentionAt(field.value, field.selectionStart) : null;
    setMention((current) => {
      if (!next) return null;
      if (!current || current.start !== next.start) setActive(0);
      return next;
    });
  };

  const choose = (member: Member) => {
    const field = ref.current;
    if (!field || !mention) return;
    const [text, caret] = insertMention(field.value, field.selectionStart, mention, member.name);
    onValue(text);
    setMention(null);
    window.requestAnimationFrame(() => {
      field.focus();
      field.setSelectionRange(caret, caret);
    });
  };

  return (
    <div class="mention-wrap">
      <textarea
        {...rest}
        ref={ref}
        value={value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        onInput={(event) => {
          onValue(event.currentTarget.value);
          track(event.currentTarget);
        }}
        onClick={(event) => track(event.currentTarget)}
        onBlur={() => window.setTimeout(() => setMention(null), 150)}
        onKeyDown={(event) => {
          if (open) {
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
              event.preventDefault();
              const step = event.key === "ArrowDown" ? 1 : -1;
              setActive((i) => (i + step + options.length) % options.length);
              return;
            }
            if ((event.key === "Enter" && !event.ctrlKey && !event.metaKey) || event.key === "Tab") {
              event.preventDefault();
              choose(options[Math.min(active, options.length - 1)]);
              return;
            }
            if (event.key === "Escape") {
              event.preventDefault();
              event.stopPropagation();
              setMention(null);
              return;
            }
          }
          onKeyDown?.(event);
        }}
        onKeyUp={(event) => {
          if (event.key === "ArrowLeft" || event.key === "ArrowRight" || event.key === "Home" || event.key === "End")
            track(event.currentTarget);
        }}
      />
      {open && (
        <ul class="mention-list" role="listbox" aria-label="People to mention" data-testid="mention-list">
          {options.map((m, i) => (
            <li
              key={m.user_id}
              role="option"
              aria-selected={i === active}
              class={i === active ? "mention-option active" : "mention-option"}
              onMouseDown={(event) => {
                event.preventDefault(); // keep the focus in the text area
                choose(m);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <Avatar name={m.name} colour={userColour(m.user_id)} small />
              <span class="mention-name">{m.name}</span>
              <span class="muted small">{m.email}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// --- showing mentions -----------------------------------------------------------------------------------------

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Comment text with `@Name` of the given names set apart (as text: never HTML). */
export function MentionText({ text, names }: { text: string; names: string[] }) {
  const pattern = useMemo(() => {
    const usable = [...new Set(names.filter((n) => n.trim()))].sort((a, b) => b.length - a.length);
    return usable.length ? new RegExp(`@(?:${usable.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])`, "giu") : null;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the names' text: callers pass a new array each render
  }, [names.join("\u0000")]);
  if (!pattern || !text.includes("@")) return <>{text}</>;
  const parts: Array<string | JSX.Element> = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > 0 && !/[\s([{"'“‘]/.test(text[index - 1])) continue;
    if (index > last) parts.push(text.slice(last, index));
    parts.push(
      <span key={index} class="mention">
        {match[0]}
      </span>,
    );
    last = index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
