// The map page's top bar pieces: presence avatars, the saved status, undo/redo, the export menu.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ExportOptions } from "../api";
import { useCatalog, type FormatOption, type OutputFormat } from "../catalog";
import { exportCheckUrl, fitRowsOptions, needsCheck, smallTextNote } from "../exportCheck";
import { others, type PresenceState, type SaveStatus, type Session, type Watchable } from "../realtime";
import { PrintCheckNotice, usePrintCheck } from "./ExportCheck";
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

type OptionValue = string | number | boolean;

/** An option's name as words: "column_width" → "column width". */
const words = (name: string) => name.replace(/[_-]+/g, " ");

/** Each option once (PDF and PNG share `blank`), with the formats that take it, in the catalog's order. */
function sharedOptions(formats: OutputFormat[]): Array<{ option: FormatOption; formats: OutputFormat[] }> {
  const found = new Map<string, { option: FormatOption; formats: OutputFormat[] }>();
  for (const format of formats) {
    for (const option of format.options) {
      const entry = found.get(option.name) ?? { option, formats: [] };
      entry.formats.push(format);
      found.set(option.name, entry);
    }
  }
  return [...found.values()];
}

function initialValues(formats: OutputFormat[]): Record<string, OptionValue> {
  const values: Record<string, OptionValue> = {};
  for (const { option } of sharedOptions(formats)) values[option.name] = option.default ?? "";
  return values;
}

/** What the options chosen (other than the defaults) make of a format, e.g. "A3, tile A4" or "150 dpi"; its
 * description without any. */
function optionSummary(format: OutputFormat, values: Record<string, OptionValue>): string {
  const said = format.options.flatMap((option) => {
    const value = values[option.name];
    if (value === "" || value === false || value === undefined || value === option.default) return [];
    if (option.type === "boolean") return [words(option.name)];
    if (option.type === "integer") return [`${value} ${words(option.name)}`];
    return option === format.options[0] ? [String(value)] : [`${words(option.name)} ${value}`];
  });
  return said.length ? said.join(", ") : format.description;
}

function OptionControl({
  option,
  formats,
  value,
  onChange,
}: {
  option: FormatOption;
  formats: OutputFormat[];
  value: OptionValue;
  onChange: (value: OptionValue) => void;
}) {
  const which = formats.map((f) => f.label).join(", ");
  if (option.type === "boolean") {
    return (
      <label class="check" title={option.help}>
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />{" "}
        {option.help} ({which})
      </label>
    );
  }
  const label = `${which} ${words(option.name)}`;
  const choices = option.choices ?? [];
  if (choices.length) {
    return (
      <label title={option.help}>
        {label}
        <select value={String(value)} onChange={(e) => onChange(e.currentTarget.value)}>
          {option.default == null && <option value="">—</option>}
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      </label>
    );
  }
  const integer = option.type === "integer";
  return (
    <label title={option.help}>
      {label}
      <input
        type={integer ? "number" : "text"}
        min={option.minimum ?? undefined}
        max={option.maximum ?? undefined}
        step={integer ? 1 : undefined}
        value={String(value)}
        onInput={(e) => onChange(integer ? Number(e.currentTarget.value) : e.currentTarget.value)}
      />
    </label>
  );
}

/** The export menu: the formats and their options as the studio's catalog (the server's registry) lists them. */
export function ExportMenu({ mapId, mapType }: { mapId: number; mapType: string }) {
  const [open, setOpen, ref] = useMenu();
  const { catalog, error } = useCatalog();
  const formats = catalog?.formats ?? [];
  const [values, setValues] = useState<Record<string, OptionValue>>({});
  useEffect(() => {
    if (catalog) setValues((now) => ({ ...initialValues(catalog.formats), ...now }));
  }, [catalog]);
  // A blank planner (streams and headings only) is for the value-moments wall planner.
  const shown = sharedOptions(formats).filter(({ option }) => option.name !== "blank" || mapType === "value-moments-planner");

  const optionsFor = (format: OutputFormat) => {
    const options: ExportOptions = {};
    for (const option of format.options) {
      let value = values[option.name];
      if (option.name === "blank" && mapType !== "value-moments-planner") continue;
      if (option.type === "integer" && typeof value === "number") {
        value = Math.min(option.maximum ?? value, Math.max(option.minimum ?? value, Math.round(value)));
      }
      if (value !== "" && value !== undefined) options[option.name] = value;
    }
    return options;
  };
  const url = (format: OutputFormat, extra: ExportOptions = {}) =>
    api.exportUrl(mapId, format.name, { ...optionsFor(format), download: true, ...extra });

  // Printed on a paper size (PDF): the server says how big the text comes out, and the menu warns under 7 pt.
  const printed = formats.find((format) => needsCheck(format, optionsFor(format)));
  const check = usePrintCheck(open && printed ? exportCheckUrl(mapId, printed.name, optionsFor(printed)) : "");

  return (
    <div class="menu-anchor" ref={ref}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Icon name="download" /> Export <Icon name="chevron" size={12} />
      </button>
      {open && (
        <div class="menu export-menu" role="menu">
          {!catalog && <p class="muted small">{error ? error.message : "Loading the formats…"}</p>}
          {shown.length > 0 && (
            <div class="menu-options">
              {shown.map(({ option, formats: taking }) => (
                <OptionControl
                  key={option.name}
                  option={option}
                  formats={taking}
                  value={values[option.name] ?? ""}
                  onChange={(value) => setValues({ ...values, [option.name]: value })}
                />
              ))}
            </div>
          )}
          {printed && (
            <PrintCheckNotice
              state={check}
              formatLabel={printed.label}
              fitRowsUrl={url(printed, fitRowsOptions({}))}
              onFitRows={() => setOpen(false)}
              onLargerPaper={(paper) => setValues({ ...values, paper })}
            />
          )}
          <ul>
            {formats.map((format) => (
              <li key={format.name}>
                <a
                  role="menuitem"
                  class="menu-item"
                  href={url(format)}
                  download
                  onClick={() => setOpen(false)}
                >
                  <strong>{format.label}</strong>
                  <span class="muted small">
                    {optionSummary(format, values)}
                    {format === printed && smallTextNote(check.check) && (
                      <span class="export-small" title={check.check?.message ?? undefined}>
                        {" · "}
                        {smallTextNote(check.check)}
                      </span>
                    )}
                  </span>
                </a>
                {format.inline && (
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
