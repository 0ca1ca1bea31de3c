// The map page's top bar pieces: presence avatars, the saved status, undo/redo, the export menu.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, EXPORT_FORMATS, type ExportFormat, type ExportOptions } from "../api";
import { others, type PresenceState, type SaveStatus, type Session, type Watchable } from "../realtime";
import { Avatar, Icon } from "./ui";

export function useWatch<T>(watchable: Watchable<T>): T {
  const [value, setValue] = useState(watchable.get());
  useEffect(() => {
    setValue(watchable.get());
    return watchable.subscribe(setValue);
  }, [watchable]);
  return value;
}

export function Presence({ session, onFollow }: { session: Session; onFollow: (focus: string) => void }) {
  const [people, setPeople] = useState<Array<PresenceState & { clientId: number }>>(() => others(session.awareness));
  useEffect(() => {
    const update = () => setPeople(others(session.awareness));
    session.awareness.on("change", update);
    update();
    return () => session.awareness.off("change", update);
  }, [session]);
  if (people.length === 0) return null;
  const shown = people.slice(0, 5);
  return (
    <div class="presence" aria-label={`${people.length} other ${people.length === 1 ? "person" : "people"} here`}>
      {shown.map((p) => (
        <button
          key={p.clientId}
          type="button"
          class="presence-person"
          disabled={!p.focus}
          onClick={() => p.focus && onFollow(p.focus)}
          title={p.focus ? `${p.user.name} — on ${p.focus} (click to go there)` : `${p.user.name} — viewing`}
        >
          <Avatar name={p.user.name} colour={p.user.colour} title={p.user.name} small />
        </button>
      ))}
      {people.length > shown.length && <span class="presence-more">+{people.length - shown.length}</span>}
    </div>
  );
}

const STATUS_TEXT: Record<SaveStatus, string> = {
  connecting: "Connecting…",
  saved: "Saved",
  saving: "Saving…",
  offline: "Offline — edits kept here",
};

export function SavedStatus({ status }: { status: SaveStatus }) {
  const icon = status === "offline" ? "offline" : status === "saved" ? "check" : "cloud";
  return (
    <span
      class={`save-status status-${status}`}
      role="status"
      title={
        status === "saved"
          ? "Every change is stored on the server"
          : status === "saving"
            ? "Changes are being stored"
            : status === "offline"
              ? "No connection: your changes are kept in this tab and sent when the connection returns"
              : "Opening the live map"
      }
    >
      <Icon name={icon} size={14} />
      {STATUS_TEXT[status]}
    </span>
  );
}

export function UndoRedo({ session, disabled }: { session: Session; disabled: boolean }) {
  const [state, setState] = useState({ undo: false, redo: false });
  useEffect(() => {
    const update = () => setState({ undo: session.undo.canUndo(), redo: session.undo.canRedo() });
    session.undo.on("stack-item-added", update);
    session.undo.on("stack-item-popped", update);
    session.undo.on("stack-cleared", update);
    update();
    return () => {
      session.undo.off("stack-item-added", update);
      session.undo.off("stack-item-popped", update);
      session.undo.off("stack-cleared", update);
    };
  }, [session]);
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <div class="button-group">
      <button
        type="button"
        class="icon-button"
        disabled={disabled || !state.undo}
        onClick={() => session.undo.undo()}
        title={`Undo (${mac ? "⌘Z" : "Ctrl+Z"})`}
        aria-label="Undo"
      >
        <Icon name="undo" />
      </button>
      <button
        type="button"
        class="icon-button"
        disabled={disabled || !state.redo}
        onClick={() => session.undo.redo()}
        title={`Redo (${mac ? "⇧⌘Z" : "Ctrl+Shift+Z"})`}
        aria-label="Redo"
      >
        <Icon name="redo" />
      </button>
    </div>
  );
}

const FORMAT_LABELS: Record<ExportFormat, [string, string]> = {
  svg: ["SVG", "vector image"],
  png: ["PNG", "bitmap image"],
  pdf: ["PDF", "print, one page or tiled"],
  html: ["HTML", "a page to share"],
  markdown: ["Markdown", "text for docs"],
  mermaid: ["Mermaid", "diagram source"],
  pptx: ["PowerPoint", ".pptx slides"],
  vsdx: ["Visio", ".vsdx drawing"],
  xlsx: ["Excel", ".xlsx workbook"],
};

/** A menu that closes on Escape and on a click elsewhere. */
export function useMenu(): [boolean, (open: boolean) => void, preact.RefObject<HTMLDivElement>] {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        event.preventDefault();
        setOpen(false);
      }
    };
    document.addEventListener("mousedown", onDown);
    window.addEventListener("keydown", onKey, true);
    return () => {
      document.removeEventListener("mousedown", onDown);
      window.removeEventListener("keydown", onKey, true);
    };
  }, [open]);
  return [open, setOpen, ref];
}

export function ExportMenu({ mapId, mapType }: { mapId: number; mapType: string }) {
  const [open, setOpen, ref] = useMenu();
  const [paper, setPaper] = useState("A3");
  const [tile, setTile] = useState("");
  const [dpi, setDpi] = useState(150);
  const [blank, setBlank] = useState(false);
  const planner = mapType === "value-moments-planner";

  const url = (format: ExportFormat, extra: ExportOptions = {}) => {
    const options: ExportOptions = { download: true, ...extra };
    if (format === "pdf") {
      options.paper = paper;
      if (tile) options.tile = tile;
    }
    if (format === "png") options.dpi = Math.min(1200, Math.max(30, Math.round(dpi) || 150));
    if (blank && (format === "pdf" || format === "svg" || format === "png")) options.blank = true;
    return api.exportUrl(mapId, format, options);
  };

  return (
    <div class="menu-anchor" ref={ref}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Icon name="download" /> Export <Icon name="chevron" size={12} />
      </button>
      {open && (
        <div class="menu export-menu" role="menu">
          <div class="menu-options">
            <label>
              PDF paper
              <select value={paper} onChange={(e) => setPaper(e.currentTarget.value)}>
                {["A4", "A3", "A2", "A1", "A0"].map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <label>
              PDF tiles
              <select value={tile} onChange={(e) => setTile(e.currentTarget.value)}>
                <option value="">one sheet</option>
                <option value="A4">on A4 sheets</option>
                <option value="A3">on A3 sheets</option>
              </select>
            </label>
            <label>
              PNG dpi
              <input
                type="number"
                min={30}
                max={1200}
                step={10}
                value={dpi}
                onInput={(e) => setDpi(Number(e.currentTarget.value))}
              />
            </label>
            {planner && (
              <label class="check">
                <input type="checkbox" checked={blank} onChange={(e) => setBlank(e.currentTarget.checked)} /> blank
                planner (for the wall)
              </label>
            )}
          </div>
          <ul>
            {EXPORT_FORMATS.map((format) => (
              <li key={format}>
                <a role="menuitem" class="menu-item" href={url(format)} download onClick={() => setOpen(false)}>
                  <strong>{FORMAT_LABELS[format][0]}</strong>
                  <span class="muted small">
                    {format === "pdf"
                      ? `${paper}${tile ? `, tiled on ${tile}` : ""}`
                      : format === "png"
                        ? `${dpi} dpi`
                        : FORMAT_LABELS[format][1]}
                  </span>
                </a>
                {(format === "svg" || format === "html") && (
                  <a
                    class="menu-open"
                    href={url(format, { download: false })}
                    target="_blank"
                    rel="noopener"
                    title="Open in a new tab"
                    onClick={() => setOpen(false)}
                  >
                    <Icon name="external" size={14} />
                  </a>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
