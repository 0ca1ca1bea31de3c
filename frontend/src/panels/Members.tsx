// The members of a workspace and their roles. Owners invite by email (an existing account joins at once, an
// unknown address gets a one-time invitation link), change roles, remove members and revoke open invitations;
// everyone else sees the list. Any member may leave (not the last owner: the server says so).

import { useState } from "preact/hooks";
import {
  api,
  ROLES,
  personName,
  roleLabel,
  type AddMemberResult,
  type Invitation,
  type Member,
  type Role,
} from "../api";
import { CopyField, RoleBadge, RoleSelect, expiresIn } from "../components/Team";
import { TableHead } from "../components/Manage";
import {
  Avatar,
  ErrorNote,
  Icon,
  LoadState,
  confirmAction,
  confirmAndRun,
  formatDate,
  notify,
  notifyError,
  useAction,
  useLoad,
  valueOf,
} from "../components/ui";
import { userColour } from "../realtime";
import { navigate } from "../router";
import { useAuth } from "../session";

const ROLE_ORDER: Record<string, number> = { owner: 0, editor: 1, commenter: 2, viewer: 3 };

export function MembersPanel({
  workspace,
  onChanged,
  onOwnRoleChanged,
}: {
  workspace: { id: number; name: string; role?: Role | null };
  /** Called when the list changed (the tab shows the count). */
  onChanged?: (members: Member[]) => void;
  /** Called when the caller changed their own role (the page reloads the workspace and its controls). */
  onOwnRoleChanged?: () => void;
}) {
  const { user } = useAuth();
  const owner = workspace.role === "owner";
  const members = useLoad(async (signal) => {
    const list = await api.members(workspace.id, signal);
    onChanged?.(list);
    return list;
  }, [workspace.id]);
  const invitations = useLoad(
    (signal) => (owner ? api.invitations(workspace.id, signal) : Promise.resolve([] as Invitation[])),
    [workspace.id, owner],
  );
  const [result, setResult] = useState<(AddMemberResult & { email: string; role: Role }) | null>(null);

  const sorted = [...(members.data ?? [])].sort(
    (a, b) => (ROLE_ORDER[a.role] ?? 9) - (ROLE_ORDER[b.role] ?? 9) || a.name.localeCompare(b.name),
  );

  const changeRole = async (member: Member, role: Role) => {
    if (role === member.role) return;
    if (member.user_id === user?.id && member.role === "owner") {
      const ok = await confirmAction(
        "Give up owning this workspace?",
        `You will be ${roleLabel(role).toLowerCase()} of ${workspace.name} and can no longer manage its members.`,
        "Change my role",
        true,
      );
      if (!ok) {
        members.reload();
        return;
      }
    }
    try {
      await api.setMemberRole(workspace.id, member.user_id, role);
      notify(`${member.name} is now ${roleLabel(role).toLowerCase()}`);
      members.reload();
      if (member.user_id === user?.id) onOwnRoleChanged?.();
    } catch (error) {
      notifyError(error);
      members.reload();
    }
  };

  const remove = async (member: Member) => {
    const self = member.user_id === user?.id;
    await confirmAndRun(
      {
        title: self ? `Leave ${workspace.name}?` : `Remove ${member.name}?`,
        message: self
          ? "You will no longer see this workspace or its maps. An owner can invite you again."
          : `${member.name} (${member.email}) will no longer see this workspace or its maps. Their comments stay.`,
        action: self ? "Leave workspace" : "Remove member",
        danger: true,
      },
      () => api.removeMember(workspace.id, member.user_id),
      () => {
        if (self) {
          notify(`You left ${workspace.name}`);
          navigate("/");
        } else {
          notify(`Removed ${member.name}`);
          members.reload();
        }
      },
    );
  };

  const revoke = (invitation: Invitation) =>
    confirmAndRun(
      {
        title: "Revoke the invitation?",
        message: `The link sent to ${invitation.email} stops working at once.`,
        action: "Revoke",
        danger: true,
      },
      () => api.revokeInvitation(invitation.id),
      () => {
        notify(`Revoked the invitation of ${invitation.email}`);
        if (result?.invitation?.id === invitation.id) setResult(null);
        invitations.reload();
      },
    );

  const me = sorted.find((m) => m.user_id === user?.id);
  const owners = sorted.filter((m) => m.role === "owner").length;

  return (
    <div class="members-panel">
      {owner && (
        <InviteForm
          wid={workspace.id}
          onDone={(answer) => {
            setResult(answer);
            if (answer.member) members.reload();
            if (answer.invitation) invitations.reload();
          }}
        />
      )}
      {result && <InviteResult result={result} onClose={() => setResult(null)} />}

      <section class="team-section">
        <div class="team-section-head">
          <h2>
            Members {members.data && <span class="count">{members.data.length}</span>}
          </h2>
          {!owner && workspace.role && (
            <span class="muted small">
              You are {workspace.role === "editor" ? "an" : "a"} {roleLabel(workspace.role).toLowerCase()} here. Owners
              manage the members.
            </span>
          )}
        </div>
        <LoadState loaded={members} />
        {members.data && (
          <table class="team-table" aria-label="Members">
            <TableHead columns={["Person", "Role", "Joined"]} actionsClass="actions-col" />
            <tbody>
              {sorted.map((m) => {
                const self = m.user_id === user?.id;
                // The server keeps one owner at least: the last one can neither leave nor step down.
                const lastOwner = m.role === "owner" && owners <= 1;
                return (
                  <tr key={m.user_id} data-testid="member-row" data-email={m.email}>
                    <td>
                      <div class="person">
                        <Avatar name={m.name} colour={userColour(m.user_id)} small />
                        <div>
                          <div class="person-name">
                            {m.name} {self && <span class="badge you-badge">you</span>}
                            {m.disabled && <span class="badge you-badge">account disabled</span>}
                          </div>
                          <div class="muted small">{m.email}</div>
                        </div>
                      </div>
                    </td>
                    <td>
                      {owner ? (
                        <RoleSelect
                          label={`Role of ${m.name}`}
                          value={m.role}
                          disabled={lastOwner}
                          title={lastOwner ? "The only owner: make someone else an owner first" : undefined}
                          onChange={(role) => void changeRole(m, role)}
                        />
                      ) : (
                        <RoleBadge role={m.role} />
                      )}
                    </td>
                    <td class="muted small">{m.joined_at ? formatDate(m.joined_at) : ""}</td>
                    <td class="actions-col">
                      {self ? (
                        lastOwner ? (
                          <span class="muted small" title="Make someone else an owner to leave">
                            only owner
                          </span>
                        ) : (
                          <button type="button" class="small" onClick={() => void remove(m)}>
                            <Icon name="logout" size={12} /> Leave
                          </button>
                        )
                      ) : (
                        owner && (
                          <button
                            type="button"
                            class="small quiet-danger"
                            aria-label={`Remove ${m.name}`}
                            onClick={() => void remove(m)}
                          >
                            <Icon name="trash" size={12} /> Remove
                          </button>
                        )
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {members.data && !me && user && (
          <p class="muted small">You see this workspace without being one of its members.</p>
        )}
      </section>

      {owner && (
        <section class="team-section">
          <div class="team-section-head">
            <h2>
              Open invitations {invitations.data && <span class="count">{invitations.data.length}</span>}
            </h2>
            <span class="muted small">Links sent to addresses without an account. Each works once.</span>
          </div>
          <ErrorNote error={invitations.error} />
          {invitations.data && invitations.data.length === 0 && (
            <p class="muted empty-small">No open invitation.</p>
          )}
          {invitations.data && invitations.data.length > 0 && (
            <table class="team-table" aria-label="Open invitations">
              <TableHead columns={["Email", "Role", "Invited by", "Expires"]} actionsClass="actions-col" />
              <tbody>
                {invitations.data.map((inv) => (
                  <tr key={inv.id} data-testid="invitation-row" data-email={inv.email}>
                    <td>
                      <div class="person">
                        <span class="invite-icon">
                          <Icon name="mail" size={14} />
                        </span>
                        {inv.email}
                      </div>
                    </td>
                    <td>
                      <RoleBadge role={inv.role} />
                    </td>
                    <td class="muted small">
                      {personName(inv.invited_by)}
                      {inv.created_at ? `, ${formatDate(inv.created_at)}` : ""}
                    </td>
                    <td class="muted small" title={inv.expires_at}>
                      {expiresIn(inv.expires_at)}
                    </td>
                    <td class="actions-col">
                      <button
                        type="button"
                        class="small quiet-danger"
                        aria-label={`Revoke the invitation of ${inv.email}`}
                        onClick={() => void revoke(inv)}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}

      <section class="team-section">
        <h2>What each role may do</h2>
        <dl class="role-legend">
          {[...ROLES].reverse().map((r) => (
            <div key={r.id}>
              <dt>
                <RoleBadge role={r.id} />
              </dt>
              <dd class="muted small">{r.hint}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}

function InviteForm({ wid, onDone }: { wid: number; onDone: (result: AddMemberResult & { email: string; role: Role }) => void }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [run, busy, error] = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const address = email.trim();
    if (!address) return;
    const answer = await run(() => api.addMember(wid, address, role));
    if (answer) {
      setEmail("");
      if (answer.member) notify(`${answer.member.name} joined as ${roleLabel(answer.member.role).toLowerCase()}`);
      onDone({ ...answer, email: address, role });
    }
  };

  return (
    <form class="invite-form" onSubmit={submit} aria-label="Invite a member">
      <div class="invite-title">
        <Icon name="users" />
        <div>
          <strong>Invite people</strong>
          <div class="muted small">
            Someone with an account joins at once; anyone else gets a one-time invitation link to sign up.
          </div>
        </div>
      </div>
      <div class="invite-row">
        <input
          type="email"
          required
          maxLength={320}
          placeholder="colleague@company.com"
          aria-label="Email address to invite"
          value={email}
          onInput={(e) => setEmail(valueOf(e))}
        />
        <RoleSelect label="Role of the new member" value={role} onChange={setRole} />
        <button type="submit" class="primary" disabled={busy || !email.trim()}>
          {busy ? "Inviting…" : "Invite"}
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}

function InviteResult({
  result,
  onClose,
}: {
  result: AddMemberResult & { email: string; role: Role };
  onClose: () => void;
}) {
  if (result.member) {
    return (
      <div class="callout callout-ok" role="status">
        <Icon name="check" />
        <div class="callout-main">
          <strong>
            {result.member.name} ({result.member.email}) is now a member, as {roleLabel(result.member.role).toLowerCase()}.
          </strong>
          <div class="muted small">They already had an account: the workspace is in their list now.</div>
        </div>
        <button type="button" class="icon-button" aria-label="Dismiss" onClick={onClose}>
          <Icon name="close" size={14} />
        </button>
      </div>
    );
  }
  const url = result.invite_url;
  const role = result.invitation?.role ?? result.role;
  return (
    <div class="callout callout-invite" role="status" data-testid="invite-result">
      <Icon name="link" />
      <div class="callout-main">
        <strong>
          Invitation for {result.invitation?.email ?? result.email} as {roleLabel(role).toLowerCase()}
        </strong>
        <div class="muted small">
          There is no account with this address yet. Send this link to them — it lets them sign up and join.
        </div>
        {url && <CopyField value={url} label="Invitation link" testid="invite-url" />}
        <div class="callout-warning small">
          <Icon name="lock" size={12} /> The link is shown only this once and works once
          {result.invitation?.expires_at ? ` (${expiresIn(result.invitation.expires_at)})` : ""}. Revoke it below
          if it went to the wrong person.
        </div>
      </div>
      <button type="button" class="icon-button" aria-label="Dismiss" onClick={onClose}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
