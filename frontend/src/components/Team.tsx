// Small pieces of roles and sharing: the role badge, the role picker, a read-only link with a Copy button.

import { useRef, useState } from "preact/hooks";
import { ROLES, roleLabel, type Role } from "../api";
import { Icon, notify } from "./ui";
import "../styles/team.css";

const ROLE_TITLES: Record<Role, string> = {
  owner: "Owner: edits everything and manages the members",
  editor: "Editor: edits maps, personas and evidence, shares maps",
  commenter: "Commenter: reads and comments, does not edit",
  viewer: "Viewer: reads only",
};

/** The caller's (or a member's) role as a badge. */
export function RoleBadge({ role, prefix }: { role: string | null | undefined; prefix?: string }) {
  if (!role) return null;
  const title = ROLE_TITLES[role as Role] ?? roleLabel(role);
  return (
    <span class={`badge role-badge role-${role}`} title={title} data-testid="role-badge" data-role={role}>
      {role === "viewer" || role === "commenter" ? <Icon name="eye" size={11} /> : null}
      {prefix ? `${prefix} ${roleLabel(role).toLowerCase()}` : roleLabel(role)}
    </span>
  );
}

/** A select of the roles (`only` limits the choice, e.g. the share-link roles). */
export function RoleSelect({
  value,
  onChange,
  label,
  disabled,
  only,
  title,
}: {
  value: Role;
  onChange: (role: Role) => void;
  label: string;
  disabled?: boolean;
  only?: Role[];
  title?: string;
}) {
  return (
    <select
      class="role-select"
      aria-label={label}
      title={title}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.currentTarget.value as Role)}
    >
      {ROLES.filter((r) => !only || only.includes(r.id)).map((r) => (
        <option key={r.id} value={r.id} title={r.hint}>
          {r.label}
        </option>
      ))}
    </select>
  );
}

/** Copy text to the clipboard; falls back to selecting the field and `execCommand` (plain HTTP has no
 * `navigator.clipboard`). True when it was copied. */
export async function copyText(text: string, field?: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way
  }
  if (field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }
  return false;
}

/** A link in a read-only field, selected on focus, with a Copy button (`primary`: the button a dialog is about, which
 * takes the focus). */
export function CopyField({
  value,
  label,
  testid = "copy-value",
  primary = false,
}: {
  value: string;
  label: string;
  testid?: string;
  primary?: boolean;
}) {
  const ref = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    const ok = await copyText(value, ref.current);
    if (ok) {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2000);
      notify("Link copied");
    } else {
      ref.current?.select();
      notify("Select the link and copy it (Ctrl+C)", "error");
    }
  };
  return (
    <div class="copy-field">
      <input
        ref={ref}
        type="text"
        readOnly
        value={value}
        aria-label={label}
        data-testid={testid}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button
        type="button"
        class={primary ? "primary" : undefined}
        autofocus={primary}
        onClick={() => void copy()}
        title="Copy the link"
      >
        <Icon name={copied ? "check" : "copy"} size={14} /> {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

/** "in 6 days", "in 3 hours", "expired" (for expiry dates). */
export function expiresIn(iso: string | null | undefined): string {
  if (!iso) return "never expires";
  const ms = new Date(iso).getTime() - Date.now();
  if (Number.isNaN(ms)) return iso;
  if (ms <= 0) return "expired";
  const hours = ms / 3_600_000;
  if (hours < 1) return `expires in ${Math.max(1, Math.round(ms / 60_000))} min`;
  if (hours < 36) return `expires in ${Math.round(hours)} h`;
  const days = Math.round(hours / 24);
  return `expires in ${days} days`;
}

/** The connection of a read-only page (a viewer, a commenter, a share-link visitor): nothing of theirs is saved,
 * so it says whether the map shown is live rather than "Saved". */
export function LiveStatus({ status, label = "Live" }: { status: string; label?: string }) {
  const offline = status === "offline";
  return (
    <span
      class={`save-status status-${offline ? "offline" : status === "connecting" ? "connecting" : "saved"} live-status`}
      role="status"
      title={offline ? "No connection: the map shown may be out of date" : "You see the team's changes as they happen"}
    >
      <Icon name={offline ? "offline" : "eye"} size={14} />
      {status === "connecting" ? "Connecting…" : offline ? "Offline" : label}
    </span>
  );
}
