// The instance admin's page: the accounts (disable, enable, make or unmake an admin, a one-time password-reset
// link), everyone's sessions, inviting someone to the studio, and the audit log. The admin manages accounts, not
// content: workspaces show only to their members.

import { useState } from "preact/hooks";
import { TitledPage } from "../components/Header";
import { ActionMenu, TableHead, at, deviceOf, endSessionQuestion, when, type MenuAction } from "../components/Manage";
import { CopyField } from "../components/Team";
import {
  Avatar,
  Dialog,
  ErrorNote,
  Icon,
  LoadState,
  TabRow,
  confirmAndRun,
  notify,
  notifyError,
  useAction,
  useLoad,
  valueOf,
} from "../components/ui";
import { manageApi, type AdminSession, type AdminUser, type AuditEntry, type OneTimeLink } from "../manageApi";
import { userColour } from "../realtime";
import { useAuth } from "../session";

type Tab = "users" | "sessions" | "invite" | "audit";
const TABS: Array<[Tab, string]> = [
  ["users", "Users"],
  ["sessions", "Sessions"],
  ["invite", "Invite someone"],
  ["audit", "Audit log"],
];

export function AdminPage() {
  const { user } = useAuth();
  const [tab, setTab] = useState<Tab>("users");
  const admin = user?.is_admin === true;
  return (
    <TitledPage title="Studio admin">
      {!admin ? (
        <div class="empty">
          <p>This page is for the studio's admin: they manage the accounts of everyone who uses the studio.</p>
          <a href="/" data-nav class="button primary">
            Go to the workspaces
          </a>
        </div>
      ) : (
        <>
          <p class="muted page-lead">
            You manage who can use the studio. Workspaces and maps show to their members only, you included.
          </p>
          <TabRow tabs={TABS} current={tab} onSelect={setTab} />
          {tab === "users" && <UsersTab me={user?.id ?? null} />}
          {tab === "sessions" && <SessionsTab />}
          {tab === "invite" && <InviteTab />}
          {tab === "audit" && <AuditTab />}
        </>
      )}
    </TitledPage>
  );
}

// --- users ---------------------------------------------------------------------------------------------------

function UsersTab({ me }: { me: number | null }) {
  const users = useLoad((signal) => manageApi.users(signal), []);
  const [link, setLink] = useState<{ user: AdminUser; link: OneTimeLink } | null>(null);

  const update = async (user: AdminUser, changes: { disabled?: boolean; is_admin?: boolean }, question?: [string, string, string]) => {
    const asked = question ? { title: question[0], message: question[1], action: question[2], danger: true } : null;
    const outcome = await confirmAndRun(
      asked,
      () => manageApi.updateUser(user.id, changes),
      () =>
        notify(
          changes.disabled === true
            ? `${user.name} can no longer sign in`
            : changes.disabled === false
              ? `${user.name} can sign in again`
              : changes.is_admin
                ? `${user.name} is now an admin`
                : `${user.name} is no longer an admin`,
        ),
    );
    if (outcome !== "cancelled") users.reload();
  };

  const resetLink = async (user: AdminUser) => {
    try {
      setLink({ user, link: await manageApi.resetLink(user.id) });
    } catch (error) {
      notifyError(error);
    }
  };

  const actionsFor = (user: AdminUser): MenuAction[] => {
    const actions: MenuAction[] = [
      { label: "Password reset link…", icon: "key", onSelect: () => void resetLink(user) },
    ];
    if (user.id === me) return actions; // not oneself: the server refuses it too
    actions.push(
      user.is_admin
        ? {
            label: "Remove admin rights",
            icon: "shield",
            onSelect: () =>
              void update(user, { is_admin: false }, [
                `Remove ${user.name}'s admin rights?`,
                "They keep their account and workspaces but no longer manage the studio's accounts.",
                "Remove admin rights",
              ]),
          }
        : {
            label: "Make admin",
            icon: "shield",
            onSelect: () =>
              void update(user, { is_admin: true }, [
                `Make ${user.name} an admin?`,
                "Admins manage every account of the studio: they disable accounts, hand out password reset links and see everyone's sessions and the audit log.",
                "Make admin",
              ]),
          },
      user.disabled
        ? { label: "Enable the account", icon: "check", onSelect: () => void update(user, { disabled: false }) }
        : {
            label: "Disable the account…",
            icon: "close",
            danger: true,
            onSelect: () =>
              void update(user, { disabled: true }, [
                `Disable ${user.name}'s account?`,
                `${user.email} can no longer sign in until you enable the account again. Their workspaces and comments stay.`,
                "Disable",
              ]),
          },
    );
    return actions;
  };

  return (
    <>
      <LoadState loaded={users} />
      {users.data && (
        <div class="table-card">
          <table class="manage-table" data-testid="admin-users">
            <TableHead columns={["Name", "Email", "Status", "Created", "Last sign-in"]} actionsClass="actions-cell" />
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id} class={u.disabled ? "disabled-row" : undefined}>
                  <td>
                    <span class="person">
                      <Avatar name={u.name} colour={userColour(u.id)} small />
                      <strong>{u.name}</strong>
                      {u.id === me && <span class="muted small">(you)</span>}
                    </span>
                  </td>
                  <td>{u.email}</td>
                  <td>
                    <span class="badges">
                      {u.disabled ? <span class="badge badge-danger">Disabled</span> : <span class="badge badge-ok">Active</span>}
                      {u.is_admin && (
                        <span class="badge badge-admin">
                          <Icon name="shield" size={11} /> Admin
                        </span>
                      )}
                    </span>
                  </td>
                  <td title={u.created_at}>{when(u.created_at)}</td>
                  <td title={u.last_sign_in_at ?? ""}>{u.last_sign_in_at ? when(u.last_sign_in_at) : <span class="muted">never</span>}</td>
                  <td class="actions-cell">
                    <ActionMenu label={`Actions for ${u.name}`} actions={actionsFor(u)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {link && (
        <Dialog
          title="Password reset link"
          onClose={() => setLink(null)}
          footer={
            <button type="button" onClick={() => setLink(null)}>
              Done
            </button>
          }
        >
          <p>
            Send this link to <strong>{link.user.name}</strong> ({link.user.email}) by a channel you trust. It works
            once{link.link.expires_at ? `, until ${at(link.link.expires_at)}` : ", for 24 hours"}, and lets them
            choose a new password.
          </p>
          <CopyField value={link.link.url} label="Password reset link" primary />
        </Dialog>
      )}
    </>
  );
}

// --- sessions ------------------------------------------------------------------------------------------------

function SessionsTab() {
  const sessions = useLoad((signal) => manageApi.allSessions(signal), []);
  const revoke = async (session: AdminSession) => {
    const outcome = await confirmAndRun(
      endSessionQuestion(`Sign ${session.user.name} out of this device?`, session),
      () => manageApi.revokeAnySession(session.id),
      () => notify("Session ended"),
    );
    if (outcome !== "cancelled") sessions.reload();
  };
  return (
    <>
      <LoadState loaded={sessions} />
      {sessions.data && (
        <div class="table-card">
          <table class="manage-table" data-testid="admin-sessions">
            <TableHead columns={["Person", "Device", "Address", "Signed in", "Last seen", "Expires"]} actionsClass="actions-cell" />
            <tbody>
              {sessions.data.map((s) => (
                <tr key={s.id}>
                  <td>
                    <span class="person">
                      <Avatar name={s.user.name} colour={userColour(s.user.id)} small />
                      <span>
                        <strong>{s.user.name}</strong>
                        <span class="muted small block">{s.user.email}</span>
                      </span>
                    </span>
                  </td>
                  <td title={s.user_agent ?? ""}>
                    {deviceOf(s.user_agent)}
                    {s.current && <span class="badge badge-ok">This device</span>}
                  </td>
                  <td>{s.ip ?? <span class="muted">unknown</span>}</td>
                  <td title={s.created_at}>{when(s.created_at)}</td>
                  <td title={s.last_seen_at ?? ""}>{when(s.last_seen_at)}</td>
                  <td title={s.expires_at ?? ""}>{at(s.expires_at)}</td>
                  <td class="actions-cell">
                    <button type="button" class="small" onClick={() => void revoke(s)}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

// --- invite --------------------------------------------------------------------------------------------------

function InviteTab() {
  const [email, setEmail] = useState("");
  const [result, setResult] = useState<{ email: string; url: string; expires_at: string | null } | null>(null);
  const [run, busy, error] = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const address = email.trim();
    const answer = await run(() => manageApi.inviteToStudio(address));
    if (answer) {
      setResult({ email: address, url: answer.invite_url, expires_at: answer.invitation?.expires_at ?? null });
      setEmail("");
    }
  };
  return (
    <section class="card-section narrow-section">
      <h2>Invite someone to the studio</h2>
      <p class="muted">
        The link lets them create an account, without access to any workspace yet: a workspace's owner adds them to
        it afterwards. To bring someone into one workspace, its owner invites them from the workspace's Members tab.
      </p>
      <form class="inline-fields" onSubmit={submit}>
        <label class="grow">
          <span class="visually-hidden">Email address</span>
          <input
            type="email"
            required
            placeholder="name@example.org"
            value={email}
            aria-label="Email address"
            onInput={(e) => setEmail(valueOf(e))}
          />
        </label>
        <button type="submit" class="primary" disabled={busy || !email.trim()}>
          {busy ? "Inviting…" : "Create invitation link"}
        </button>
      </form>
      <ErrorNote error={error} />
      {result && (
        <div class="link-result" data-testid="invite-result">
          <p>
            Send this link to <strong>{result.email}</strong>: it signs them up
            {result.expires_at ? `; it works once, until ${at(result.expires_at)}` : "; it works once"}.
          </p>
          <CopyField value={result.url} label="Invitation link" primary />
        </div>
      )}
    </section>
  );
}

// --- audit ---------------------------------------------------------------------------------------------------

/** The detail of an audit entry in one line ("role: editor, email: ann@example.org"). */
export function detailText(detail: unknown): string {
  if (detail === null || detail === undefined || detail === "") return "";
  if (typeof detail === "string") return detail;
  if (typeof detail !== "object") return String(detail as number | boolean | bigint);
  if (Array.isArray(detail)) return detail.map(detailText).join(", ");
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value as string | number | boolean)}`)
    .join(", ");
}

function AuditTab() {
  const audit = useLoad((signal) => manageApi.audit(signal), []);
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLowerCase();
  const rows = (audit.data ?? []).filter(
    (e: AuditEntry) =>
      !needle ||
      [e.action, e.target ?? "", e.actor?.name ?? "", e.actor?.email ?? e.actor_label ?? "", e.ip ?? "", detailText(e.detail)]
        .join(" ")
        .toLowerCase()
        .includes(needle),
  );
  return (
    <>
      <div class="toolbar-row">
        <input
          type="search"
          class="filter-input"
          placeholder="Filter by person, action, target or address"
          aria-label="Filter the audit log"
          value={filter}
          onInput={(e) => setFilter(valueOf(e))}
        />
        <button type="button" onClick={audit.reload} disabled={audit.loading}>
          <Icon name="restore" size={14} /> Refresh
        </button>
      </div>
      <LoadState loaded={audit} />
      {audit.data && (
        <div class="table-card">
          <table class="manage-table audit-table" data-testid="admin-audit">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>Detail</th>
                <th>Where</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={5} class="muted">
                    {needle ? "Nothing matches the filter." : "Nothing recorded yet."}
                  </td>
                </tr>
              )}
              {rows.map((e) => (
                <tr key={e.id}>
                  <td title={e.at}>{when(e.at)}</td>
                  <td>
                    {e.actor ? (
                      <span title={e.actor.email}>{e.actor.name}</span>
                    ) : (
                      <span class="muted">{e.actor_label || "anonymous"}</span>
                    )}
                  </td>
                  <td>
                    <code class="action-code">{e.action}</code>
                    {e.target && <span class="audit-target"> {e.target}</span>}
                  </td>
                  <td class="detail-cell">{detailText(e.detail)}</td>
                  <td>{e.ip ?? <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
