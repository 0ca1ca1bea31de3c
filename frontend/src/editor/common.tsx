// Shared pieces of the editor: the context every view reads, inline text editing, badges, presence, drag data.

import { createContext, type ComponentChildren } from "preact";
import { useContext, useLayoutEffect, useRef, useState } from "preact/hooks";
import type * as Y from "yjs";
import type { DocIndex } from "./model";

export interface Finding {
  code: string;
  message: string;
  where?: string | null;
  element?: string | null;
  severity?: string;
}

export interface PresenceMark {
  name: string;
  colour: string;
}

export interface EditorContext {
  doc: Y.Doc;
  idx: DocIndex;
  readOnly: boolean;
  selected: string | null;
  select: (id: string | null) => void;
  editing: string | null; // "elementId:field"
  setEditing: (key: string | null) => void;
  presence: Map<string, PresenceMark[]>;
  lint: Map<string, Finding[]>;
  commentCounts: Record<string, number>;
  onComment: (id: string) => void;
  /** False when the user may not comment (a viewer): no "+" comment button on the selection. */
  canComment?: boolean;
  /** The workspace's personas (id and name), to name other personas' emotion curves. */
  personas?: Array<{ id: string; name: string }>;
}

export const Ctx = createContext<EditorContext | null>(null);

export function useEditor(): EditorContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("editor context missing");
  return ctx;
}

export const cx = (...names: Array<string | false | null | undefined>): string => names.filter(Boolean).join(" ");

/** Classes and style for an element: selection, presence outline. */
export function elementLook(ctx: EditorContext, id: string): { cls: string; style: Record<string, string> } {
  const marks = ctx.presence.get(id);
  const style: Record<string, string> = {};
  if (marks?.length) style["--jm-presence"] = marks[0]!.colour;
  return { cls: cx(ctx.selected === id && "is-selected", !!marks?.length && "has-presence"), style };
}

/** Name tags of the other people on an element, lint and comment badges. */
export function Marks({ id }: { id: string }) {
  const ctx = useEditor();
  const marks = ctx.presence.get(id) ?? [];
  const findings = ctx.lint.get(id) ?? [];
  const count = ctx.commentCounts[id] ?? 0;
  const worst = findings.some((f) => f.severity === "error")
    ? "error"
    : findings.some((f) => f.severity === "warning")
      ? "warning"
      : "info";
  return (
    <>
      {marks.length > 0 && (
        <span class="jm-ptags">
          {marks.map((m) => (
            <span class="jm-ptag" data-testid="presence-tag" style={{ background: m.colour }} key={m.name}>
              {m.name}
            </span>
          ))}
        </span>
      )}
      <span class="jm-badges">
        {findings.length > 0 && (
          <span
            class={cx("jm-lint", `jm-lint-${worst}`)}
            data-testid="lint-badge"
            data-id={id}
            title={findings.map((f) => `${f.code}: ${f.message}`).join("\n")}
          >
            {findings.length}
            <span class="jm-tip" role="tooltip">
              {findings.map((f, i) => (
                <span class="jm-tip-line" key={i}>
                  <b>{f.code}</b> {f.message}
                </span>
              ))}
            </span>
          </span>
        )}
        {(count > 0 || (ctx.selected === id && ctx.canComment !== false)) && (
          <button
            type="button"
            class={cx("jm-comments", count === 0 && "is-empty")}
            data-testid="comment-badge"
            data-id={id}
            title={count ? `${count} comment${count === 1 ? "" : "s"}` : "Comment"}
            onClick={(e) => {
              e.stopPropagation();
              ctx.onComment(id);
            }}
          >
            {count > 0 ? count : "+"}
          </button>
        )}
      </span>
    </>
  );
}

interface InlineProps {
  id: string;
  field: string;
  value: string;
  placeholder?: string;
  multiline?: boolean;
  class?: string;
  testid?: string;
  onCommit: (text: string) => void;
  onTab?: (back: boolean) => void;
}

/** Text that becomes an editor on click (when selected) or Enter: Enter commits, Esc cancels, Tab moves on. */
export function InlineText(props: InlineProps) {
  const ctx = useEditor();
  const key = `${props.id}:${props.field}`;
  const active = ctx.editing === key && !ctx.readOnly;
  const [draft, setDraft] = useState(props.value);
  const ref = useRef<HTMLTextAreaElement>(null);
  const done = useRef(false);
  useLayoutEffect(() => {
    if (active) {
      done.current = false;
      setDraft(props.value);
      const el = ref.current;
      if (el) {
        el.value = props.value;
        el.focus();
        el.select();
      }
    }
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the draft starts from the value when editing starts; a later value must not overwrite what is typed
  }, [active]);
  if (!active) {
    return (
      <span
        class={cx("jm-text", props.class, !props.value && "is-empty")}
        data-testid={props.testid}
        onDblClick={(e) => {
          if (ctx.readOnly) return;
          e.stopPropagation();
          ctx.select(props.id);
          ctx.setEditing(key);
        }}
        onClick={(e) => {
          if (ctx.readOnly) return;
          if (ctx.selected === props.id) {
            e.stopPropagation();
            ctx.setEditing(key);
          }
        }}
      >
        {props.value || props.placeholder || ""}
      </span>
    );
  }
  // an empty text is always reported, so a new element left empty can remove itself
  const commit = () => {
    done.current = true;
    const text = (ref.current?.value ?? draft).trim();
    if (text !== props.value || text === "") props.onCommit(text);
  };
  return (
    <textarea
      ref={ref}
      class={cx("jm-input", props.class)}
      data-testid="inline-editor"
      value={draft}
      rows={1}
      onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Enter" && !(props.multiline && e.shiftKey)) {
          e.preventDefault();
          commit();
          ctx.setEditing(null);
          refocus(e.target as HTMLElement);
        } else if (e.key === "Escape") {
          e.preventDefault();
          done.current = true;
          if (props.value === "") props.onCommit("");
          ctx.setEditing(null);
          refocus(e.target as HTMLElement);
        } else if (e.key === "Tab") {
          e.preventDefault();
          commit();
          ctx.setEditing(null);
          if (props.onTab) props.onTab(e.shiftKey);
          else refocus(e.target as HTMLElement);
        }
      }}
      onBlur={() => {
        if (!done.current) {
          commit();
          ctx.setEditing(null);
        }
      }}
    />
  );
}

function refocus(from: HTMLElement): void {
  const root = from.closest<HTMLElement>(".jm-editor");
  requestAnimationFrame(() => root?.focus({ preventScroll: true }));
}

/** A number field that commits on change (blur or Enter). */
export function NumberField(props: {
  label: string;
  value: number | null;
  min: number;
  max: number;
  step?: number;
  testid?: string;
  onCommit: (v: number | null) => void;
}) {
  const ctx = useEditor();
  // what is being typed is kept while the field has it, so a re-render (someone else's edit) never wipes it
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <label class="jm-num">
      <span>{props.label}</span>
      <input
        type="number"
        data-testid={props.testid}
        min={props.min}
        max={props.max}
        step={props.step ?? 0.1}
        value={draft ?? props.value ?? ""}
        disabled={ctx.readOnly}
        onClick={(e) => e.stopPropagation()}
        onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        onBlur={() => setDraft(null)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Enter") (e.target as HTMLInputElement).blur();
        }}
        onChange={(e) => {
          const raw = (e.target as HTMLInputElement).value;
          setDraft(null);
          if (raw === "") return props.onCommit(null);
          const v = Number(raw);
          if (Number.isFinite(v)) props.onCommit(Math.max(props.min, Math.min(props.max, v)));
        }}
      />
    </label>
  );
}

// -- drag and drop (HTML5): the payload is kept here too, because dragover cannot read it -------------------------

export interface DragItem {
  kind: string;
  id: string;
  from?: string | null;
}

let current: DragItem | null = null;
export const DRAG_TYPE = "application/x-journeymap";

export function dragProps(item: DragItem, enabled: boolean) {
  if (!enabled) return {};
  return {
    draggable: true,
    onDragStart: (e: DragEvent) => {
      e.stopPropagation();
      current = item;
      e.dataTransfer?.setData(DRAG_TYPE, JSON.stringify(item));
      e.dataTransfer?.setData("text/plain", item.id);
      if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
      (e.currentTarget as HTMLElement).classList.add("is-dragging");
    },
    onDragEnd: (e: DragEvent) => {
      current = null;
      (e.currentTarget as HTMLElement).classList.remove("is-dragging");
      document.querySelectorAll(".is-drop-target").forEach((el) => el.classList.remove("is-drop-target"));
    },
  };
}

/** Drop-target handlers: `accepts` says which drags it takes; `onDrop` gets the item and whether it fell on the far half. */
export function dropProps(
  accepts: (item: DragItem) => boolean,
  onDrop: (item: DragItem, after: boolean) => void,
  axis: "x" | "y" = "x",
) {
  return {
    onDragOver: (e: DragEvent) => {
      if (current && accepts(current)) {
        e.preventDefault();
        e.stopPropagation();
        if (e.dataTransfer) e.dataTransfer.dropEffect = "move";
        (e.currentTarget as HTMLElement).classList.add("is-drop-target");
      }
    },
    onDragLeave: (e: DragEvent) => (e.currentTarget as HTMLElement).classList.remove("is-drop-target"),
    onDrop: (e: DragEvent) => {
      const el = e.currentTarget as HTMLElement;
      el.classList.remove("is-drop-target");
      let item = current;
      if (!item) {
        try {
          item = JSON.parse(e.dataTransfer?.getData(DRAG_TYPE) || "null") as DragItem | null;
        } catch {
          item = null;
        }
      }
      if (!item || !accepts(item)) return;
      e.preventDefault();
      e.stopPropagation();
      const r = el.getBoundingClientRect();
      const after = axis === "x" ? e.clientX > r.left + r.width / 2 : e.clientY > r.top + r.height / 2;
      current = null;
      onDrop(item, after);
    },
  };
}

export function Icon({ name }: { name: string }): preact.JSX.Element {
  const paths: Record<string, string> = {
    plus: "M8 3v10M3 8h10",
    trash: "M3 5h10M6 5V3h4v2M5 5l1 8h4l1-8",
    grip: "M6 4h.01M10 4h.01M6 8h.01M10 8h.01M6 12h.01M10 12h.01",
    star: "M8 2l1.8 3.9 4.2.5-3.1 2.9.8 4.2L8 11.4 4.3 13.5l.8-4.2L2 6.4l4.2-.5z",
  };
  return (
    <svg class={`jm-icon jm-icon-${name}`} viewBox="0 0 16 16" aria-hidden="true">
      <path d={paths[name] ?? ""} />
    </svg>
  );
}

/** The tools of the selected element. They sit in the element's own box (a row under its content, or inline in
 * its header row with `inline`), never floating over the neighbouring steps, cards or the curve. */
export function Toolbar({ children, inline }: { children: ComponentChildren; inline?: boolean }) {
  return (
    <div class={cx("jm-toolbar", inline && "is-inline")} data-testid="toolbar" onClick={(e) => e.stopPropagation()}>
      {children}
    </div>
  );
}
