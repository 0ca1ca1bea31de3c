// Rename, duplicate and delete (to the trash) workspaces and maps: a small "more" menu with its dialogs, shown only
// for what the caller's role allows; plus a read-only field with a Copy button for one-time links.

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { MapSummary, WorkspaceSummary } from "../api";
import { can, manageApi } from "../manageApi";
import { useMenu } from "./TopBar";
import {
  Dialog,
  ErrorNote,
  Icon,
  confirmAndRun,
  formatDate,
  notify,
  useAction,
  valueOf,
  type IconName,
  type Question,
} from "./ui";

// --- menus ---------------------------------------------------------------------------------------------------

export interface MenuAction {
  label: string;
  icon: IconName;
  onSelect: () => void;
  danger?: boolean;
}

/** A "more" button opening a small menu of actions; nothing at all when there is no action. */
export function ActionMenu({
  label,
  actions,
  class: className,
  children,
}: {
  label: string;
  actions: MenuAction[];
  class?: string;
  children?: ComponentChildren;
}) {
  const [open, setOpen, ref] = useMenu();
  if (actions.length === 0) return null;
  return (
    <div class={`menu-anchor ${className ?? ""}`} ref={ref}>
      <button
        type="button"
        class={children ? "icon-button menu-trigger" : "icon-button more-button"}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={label}
        title={label}
        onClick={(event) => {
          event.preventDefault();
          event.stopPropagation();
          setOpen(!open);
        }}
      >
        {children ?? <Icon name="more" />}
      </button>
      {open && (
        <div class="menu action-menu" role="menu">
          {actions.map((action) => (
            <button
              key={action.label}
              type="button"
              role="menuitem"
              class={action.danger ? "menu-action danger" : "menu-action"}
              onClick={(event) => {
                event.preventDefault();
                event.stopPropagation();
                setOpen(false);
                action.onSelect();
              }}
            >
              <Icon name={action.icon} size={14} />
              {action.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** A dialog asking for one line of text (a name or a title); `submit` runs the change, errors show inline. */
export function TextDialog({
  title,
  label,
  initial,
  action,
  hint,
  maxLength = 300,
  submit,
  onClose,
}: {
  title: string;
  label: string;
  initial: string;
  action: string;
  hint?: string;
  maxLength?: number;
  submit: (value: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const [value, setValue] = useState(initial);
  const [run, busy, error] = useAction();
  const send = async (event: Event) => {
    event.preventDefault();
    const text = value.trim();
    if (!text) return;
    const done = await run(async () => {
      await submit(text);
      return true;
    });
    if (done) onClose();
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="text-dialog" class="primary" disabled={busy || !value.trim()}>
            {busy ? "Please wait…" : action}
          </button>
        </>
      }
    >
      <form id="text-dialog" class="form" onSubmit={send}>
        <label>
          {label}
          <input
            required
            maxLength={maxLength}
            value={value}
            onInput={(e) => setValue(valueOf(e))}
            onFocus={(e) => e.currentTarget.select()}
            autofocus
          />
          {hint && <span class="field-hint">{hint}</span>}
        </label>
        <ErrorNote error={error} />
      </form>
    </Dialog>
  );
}

const RESTORE_NOTE = "You can restore it from the Trash page for 30 days; after that it is deleted for good.";

type Pending = "rename" | "duplicate" | null;

/** The rename or duplicate dialog of a workspace's or a map's menu (`field`: what its name is called). */
function NameDialog({
  pending,
  noun,
  field,
  current,
  maxLength,
  copyHint,
  rename,
  duplicate,
  onClose,
}: {
  pending: Pending;
  noun: "workspace" | "map";
  field: "Name" | "Title";
  current: string;
  maxLength?: number;
  copyHint: string;
  rename: (name: string) => Promise<void>;
  duplicate: (name: string) => Promise<void>;
  onClose: () => void;
}) {
  if (pending === null) return null;
  const renaming = pending === "rename";
  return (
    <TextDialog
      key={pending}
      title={`${renaming ? "Rename" : "Duplicate"} the ${noun}`}
      label={renaming ? field : `${field} of the copy`}
      initial={renaming ? current : `${current} (copy)`}
      action={renaming ? "Rename" : "Duplicate"}
      maxLength={maxLength}
      hint={renaming ? undefined : copyHint}
      submit={renaming ? rename : duplicate}
      onClose={onClose}
    />
  );
}

/** The "more" menu of a workspace: rename and move to the trash (owners), duplicate (editors and owners). */
export function WorkspaceMenu({
  workspace,
  role,
  onRenamed,
  onDuplicated,
  onDeleted,
  class: className,
}: {
  workspace: { id: number; name: string };
  role: string | null | undefined;
  onRenamed: (summary: WorkspaceSummary) => void;
  onDuplicated: (summary: WorkspaceSummary) => void;
  onDeleted: () => void;
  class?: string;
}) {
  const [pending, setPending] = useState<Pending>(null);
  const remove = () =>
    confirmAndRun(
      {
        title: `Delete “${workspace.name}”?`,
        message: `The workspace goes to the trash with its maps, personas and evidence, and leaves every member's list. ${RESTORE_NOTE}`,
        action: "Move to the trash",
        danger: true,
      },
      () => manageApi.deleteWorkspace(workspace.id),
      () => {
        notify(`“${workspace.name}” is in the trash for 30 days`);
        onDeleted();
      },
    );
  const actions: MenuAction[] = [];
  if (can.adminWorkspace(role)) actions.push({ label: "Rename…", icon: "pencil", onSelect: () => setPending("rename") });
  if (can.duplicateWorkspace(role))
    actions.push({ label: "Duplicate…", icon: "copy", onSelect: () => setPending("duplicate") });
  if (can.adminWorkspace(role))
    actions.push({ label: "Move to the trash…", icon: "trash", danger: true, onSelect: () => void remove() });
  return (
    <>
      <ActionMenu label={`Workspace actions: ${workspace.name}`} actions={actions} class={className} />
      <NameDialog
        pending={pending}
        noun="workspace"
        field="Name"
        current={workspace.name}
        copyHint="A new workspace of your own with a copy of this one’s maps, personas and settings."
        rename={async (name) => onRenamed(await manageApi.renameWorkspace(workspace.id, name))}
        duplicate={async (name) => {
          const copy = await manageApi.duplicateWorkspace(workspace.id, name);
          notify(`Created “${copy.name}”`);
          onDuplicated(copy);
        }}
        onClose={() => setPending(null)}
      />
    </>
  );
}

/** The "more" menu of a map: rename, duplicate, move to the trash (editors and owners). */
export function MapMenu({
  map,
  role,
  onRenamed,
  onDuplicated,
  onDeleted,
  class: className,
  children,
}: {
  map: { id: number; title: string };
  role: string | null | undefined;
  onRenamed: (summary: MapSummary) => void;
  onDuplicated: (summary: MapSummary) => void;
  onDeleted: () => void;
  class?: string;
  children?: ComponentChildren;
}) {
  const [pending, setPending] = useState<Pending>(null);
  const remove = () =>
    confirmAndRun(
      {
        title: `Delete “${map.title}”?`,
        message: `The map goes to the trash with its comments and history. ${RESTORE_NOTE}`,
        action: "Move to the trash",
        danger: true,
      },
      () => manageApi.deleteMap(map.id),
      () => {
        notify(`“${map.title}” is in the trash for 30 days`);
        onDeleted();
      },
    );
  const actions: MenuAction[] = can.manageMaps(role)
    ? [
        { label: "Rename…", icon: "pencil", onSelect: () => setPending("rename") },
        { label: "Duplicate…", icon: "copy", onSelect: () => setPending("duplicate") },
        { label: "Move to the trash…", icon: "trash", danger: true, onSelect: () => void remove() },
      ]
    : [];
  return (
    <>
      <ActionMenu label={`Map actions: ${map.title}`} actions={actions} class={className}>
        {children}
      </ActionMenu>
      <NameDialog
        pending={pending}
        noun="map"
        field="Title"
        current={map.title}
        maxLength={500}
        copyHint="A new map in the same workspace, starting from this map's current content."
        rename={async (title) => onRenamed(await manageApi.renameMap(map.id, title))}
        duplicate={async (title) => {
          const copy = await manageApi.duplicateMap(map.id, title);
          notify(`Created “${copy.title}”`);
          onDuplicated(copy);
        }}
        onClose={() => setPending(null)}
      />
    </>
  );
}

// --- dates and devices ---------------------------------------------------------------------------------------

/** formatDate, with "today at" before a time of today ("today at 14:02"). */
export function when(iso: string | null | undefined): string {
  const text = formatDate(iso);
  return /^\d{1,2}[:.]\d{2}(?!\d)/.test(text) && !/\d{4}/.test(text) ? `today at ${text}` : text;
}

/** A moment as a date and a time ("3 Dec 2026, 14:02"): for the future too (expiry dates), unlike formatDate. */
export function at(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** "Chrome on Linux" from a user agent (the full text stays in a tooltip). */
export function deviceOf(userAgent: string | null | undefined): string {
  const ua = userAgent ?? "";
  if (!ua.trim()) return "Unknown device";
  const browser =
    /Edg\//.test(ua)
      ? "Edge"
      : /OPR\//.test(ua)
        ? "Opera"
        : /Firefox\//.test(ua)
          ? "Firefox"
          : /HeadlessChrome\//.test(ua)
            ? "Headless Chrome"
            : /(Chrome|Chromium|CriOS)\//.test(ua)
              ? "Chrome"
              : /Version\/[\d.]+.*Safari\//.test(ua)
                ? "Safari"
                : (ua.split(/[\s/]/)[0] ?? "Unknown");
  const os = /Windows/.test(ua)
    ? "Windows"
    : /iPhone|iPad|iPod/.test(ua)
      ? "iOS"
      : /Mac OS X|Macintosh/.test(ua)
        ? "macOS"
        : /Android/.test(ua)
          ? "Android"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : "";
  return os ? `${browser} on ${os}` : browser;
}

/** The question before ending a session (the caller's own or, for the admin, anyone's). */
export function endSessionQuestion(title: string, session: { user_agent?: string | null; ip?: string | null }): Question {
  const where = `${deviceOf(session.user_agent)}${session.ip ? ` at ${session.ip}` : ""}`;
  return { title, message: `${where} will have to sign in again.`, action: "Sign out", danger: true };
}

/** The head of a table of people, sessions or invitations: its columns, then an unlabelled one for the row's actions
 * (named for screen readers). */
export function TableHead({ columns, actionsClass }: { columns: readonly string[]; actionsClass: string }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column}>{column}</th>
        ))}
        <th class={actionsClass}>
          <span class="visually-hidden">Actions</span>
        </th>
      </tr>
    </thead>
  );
}
