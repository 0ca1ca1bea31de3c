// Share a map with people outside the workspace: links that open this one map without an account, read-only or
// with comments, for a number of days; the live links with their role, expiry and creator; revoke one at once.

import { useState } from "preact/hooks";
import { api, type NewShareLink, type ShareLink, type ShareRole } from "../api";
import { CopyField, expiresIn } from "./Team";
import { Dialog, ErrorNote, Icon, LoadState, confirmAndRun, formatDate, notify, useAction, useLoad } from "./ui";

const EXPIRY_DAYS = [1, 7, 30, 90];

const ACCESS: Array<{ id: ShareRole; label: string; hint: string }> = [
  { id: "viewer", label: "Can view", hint: "opens the live map read-only, can download it" },
  { id: "commenter", label: "Can comment", hint: "also reads and writes comments, under a name they give" },
];

export function ShareDialog({ mapId, title, onClose }: { mapId: number; title: string; onClose: () => void }) {
  const links = useLoad((signal) => api.shareLinks(mapId, signal), [mapId]);
  const [role, setRole] = useState<ShareRole>("viewer");
  const [days, setDays] = useState(7);
  const [created, setCreated] = useState<NewShareLink | null>(null);
  const [run, busy, error] = useAction();

  const create = async (event: Event) => {
    event.preventDefault();
    const link = await run(() => api.createShareLink(mapId, role, days));
    if (link) {
      setCreated(link);
      links.reload();
    }
  };

  const revoke = async (link: ShareLink) => {
    const outcome = await confirmAndRun(
      {
        title: "Revoke this link?",
        message:
          "Anyone who opens it afterwards gets a “link no longer valid” page; people who have the map open lose it on their next load. This cannot be undone — make a new link to share again.",
        action: "Revoke link",
        danger: true,
      },
      () => api.revokeShareLink(link.id),
      () => {
        notify("Link revoked");
        if (created?.id === link.id) setCreated(null);
      },
    );
    if (outcome !== "cancelled") links.reload(); // what the server holds now, whatever the answer was
  };

  const live = links.data ?? [];

  return (
    <Dialog
      title={`Share “${title}”`}
      onClose={onClose}
      footer={
        <button type="button" onClick={onClose}>
          Done
        </button>
      }
    >
      <div class="share-dialog">
        <p class="share-intro">
          <Icon name="lock" size={14} />
          <span>
            A link opens <strong>this map only</strong>, without an account — not the rest of the workspace, its
            history or evidence. Revoke it at any time. To work on the map together, invite people to the workspace.
          </span>
        </p>
        <form class="share-form" onSubmit={create} aria-label="New share link">
          <fieldset class="share-access">
            <legend>Access</legend>
            {ACCESS.map((a) => (
              <label key={a.id} class={role === a.id ? "access-option active" : "access-option"}>
                <input type="radio" name="share-role" checked={role === a.id} onChange={() => setRole(a.id)} />
                <span>
                  <strong>{a.label}</strong>
                  <span class="muted small block">{a.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div class="share-create-row">
            <label class="share-expiry">
              Expires after
              <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
                {EXPIRY_DAYS.map((d) => (
                  <option key={d} value={d}>
                    {d === 1 ? "1 day" : `${d} days`}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="primary" disabled={busy}>
              <Icon name="link" size={14} /> {busy ? "Creating…" : "Create link"}
            </button>
          </div>
          <ErrorNote error={error} />
        </form>

        {created && (
          <div class="callout callout-invite" role="status" data-testid="share-created">
            <Icon name="check" />
            <div class="callout-main">
              <strong>
                New link — {created.role === "commenter" ? "can comment" : "can view"}, {expiresIn(created.expires_at)}
              </strong>
              <CopyField value={created.url} label="New share link" testid="share-url" />
            </div>
          </div>
        )}

        <h3>Live links {links.data && <span class="count">{live.length}</span>}</h3>
        <LoadState loaded={links} />
        {links.data && live.length === 0 && <p class="muted small">No link yet: nobody outside the workspace can open this map.</p>}
        <ul class="share-links">
          {live.map((link) => (
            <li key={link.id} class="share-link" data-testid="share-link" data-id={link.id}>
              <div class="share-link-head">
                <span class={`badge role-badge role-${link.role}`}>
                  <Icon name={link.role === "commenter" ? "comment" : "eye"} size={11} />
                  {link.role === "commenter" ? "Can comment" : "Can view"}
                </span>
                <span class="muted small" title={link.expires_at ?? undefined}>
                  {expiresIn(link.expires_at)}
                </span>
                <span class="spacer" />
                <button
                  type="button"
                  class="small quiet-danger"
                  aria-label="Revoke the link"
                  onClick={() => void revoke(link)}
                >
                  Revoke
                </button>
              </div>
              <CopyField value={link.url} label="Share link" />
              <div class="muted small">
                Created{link.created_by?.name ? ` by ${link.created_by.name}` : ""}
                {link.created_at ? ` ${formatDate(link.created_at)}` : ""}
              </div>
            </li>
          ))}
        </ul>
      </div>
    </Dialog>
  );
}
