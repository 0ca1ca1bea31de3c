// One's account: who you are, change the password, and where you are signed in (revoke a session, or all the
// others at once).

import { useState } from "preact/hooks";
import { TitledPage } from "../components/Header";
import { deviceOf, endSessionQuestion, when } from "../components/Manage";
import { NewPasswordFields, passwordProblem } from "../components/Password";
import {
  Avatar,
  ErrorNote,
  Icon,
  LoadState,
  Spinner,
  confirmAction,
  confirmAndRun,
  notify,
  notifyError,
  useAction,
  useLoad,
  valueOf,
  type Loaded,
} from "../components/ui";
import { manageApi, type SessionInfo } from "../manageApi";
import { userColour } from "../realtime";
import { useAuth } from "../session";

export function AccountPage() {
  const { user } = useAuth();
  // the password form ends the other sessions: the list shows it
  const sessions = useLoad((signal) => manageApi.sessions(signal), []);
  if (!user) return <Spinner />;
  const admin = user.is_admin === true;
  return (
    <TitledPage title="Your account" crumb="Account" medium>
      <section class="card-section profile">
        <Avatar name={user.name} colour={userColour(user.id)} />
        <div class="row-main">
          <strong class="row-title">{user.name}</strong>
          <span class="muted">{user.email}</span>
        </div>
        {admin && (
          <a href="/admin" data-nav class="badge badge-admin" title="You manage the studio's accounts">
            <Icon name="shield" size={12} /> Studio admin
          </a>
        )}
      </section>
      <PasswordSection email={user.email} name={user.name} onChanged={sessions.reload} />
      <SessionsSection sessions={sessions} />
    </TitledPage>
  );
}

function PasswordSection({ email, name, onChanged }: { email: string; name: string; onChanged: () => void }) {
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [done, setDone] = useState(false);
  const [run, busy, error, clearError] = useAction();
  const [local, setLocal] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setDone(false);
    clearError();
    const problem = passwordProblem(password, repeat, email, name);
    setLocal(problem);
    if (problem) return;
    const ok = await run(async () => {
      await manageApi.changePassword(current, password);
      return true;
    });
    if (ok) {
      setCurrent("");
      setPassword("");
      setRepeat("");
      setDone(true);
      onChanged();
    }
  };

  return (
    <section class="card-section" aria-labelledby="password-heading">
      <div class="section-head">
        <h2 id="password-heading">Password</h2>
      </div>
      <form class="form narrow-form" onSubmit={submit} data-testid="password-form">
        <input type="email" autocomplete="username" value={email} readOnly hidden />
        <label>
          Current password
          <input
            type="password"
            autocomplete="current-password"
            required
            value={current}
            onInput={(e) => setCurrent(valueOf(e))}
          />
        </label>
        <NewPasswordFields password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} />
        {local && (
          <div class="error-note" role="alert">
            <strong>{local}</strong>
          </div>
        )}
        <ErrorNote error={error} />
        {done && (
          <div class="ok-note" role="status">
            <Icon name="check" size={14} /> Password changed. Every other session of yours was signed out.
          </div>
        )}
        <div class="form-actions start">
          <button type="submit" class="primary" disabled={busy || !current || !password || !repeat}>
            {busy ? "Changing…" : "Change password"}
          </button>
        </div>
      </form>
    </section>
  );
}

function SessionsSection({ sessions }: { sessions: Loaded<SessionInfo[]> }) {
  const [busy, setBusy] = useState(false);
  // this device first, then the most recently seen
  const list = [...(sessions.data ?? [])].sort(
    (a, b) => Number(!!b.current) - Number(!!a.current) || (b.last_seen_at ?? "").localeCompare(a.last_seen_at ?? ""),
  );
  const others = list.filter((s) => !s.current);

  const revoke = async (session: SessionInfo) => {
    const outcome = await confirmAndRun(
      endSessionQuestion("Sign this device out?", session),
      () => manageApi.revokeSession(session.id),
      () => notify("Signed out that device"),
    );
    if (outcome !== "cancelled") sessions.reload();
  };

  const revokeOthers = async () => {
    const ok = await confirmAction(
      "Sign out everywhere else?",
      `Your ${others.length} other ${others.length === 1 ? "session" : "sessions"} will end; this device stays signed in.`,
      "Sign out the others",
      true,
    );
    if (!ok) return;
    setBusy(true);
    let failed: unknown = null;
    for (const session of others) {
      try {
        await manageApi.revokeSession(session.id);
      } catch (error) {
        failed = failed ?? error;
      }
    }
    setBusy(false);
    if (failed) notifyError(failed);
    else notify("Signed out everywhere else");
    sessions.reload();
  };

  return (
    <section class="card-section" aria-labelledby="sessions-heading">
      <div class="section-head">
        <h2 id="sessions-heading">Where you are signed in</h2>
        <button type="button" disabled={busy || others.length === 0} onClick={() => void revokeOthers()}>
          <Icon name="logout" size={14} /> Sign out everywhere else
        </button>
      </div>
      <p class="muted small">Sessions last 14 days. Changing your password ends every session but this one.</p>
      <LoadState loaded={sessions} />
      <ul class="row-list" data-testid="my-sessions">
        {list.map((s) => (
          <li key={s.id} class={s.current ? "row-item current" : "row-item"} data-testid="session">
            <span class="row-icon">
              <Icon name="monitor" />
            </span>
            <div class="row-main">
              <span class="row-title" title={s.user_agent ?? ""}>
                <strong>{deviceOf(s.user_agent)}</strong>
                {s.current && <span class="badge badge-ok">This device</span>}
              </span>
              <span class="muted small">
                {s.ip ?? "unknown address"} · signed in {when(s.created_at)} · last seen {when(s.last_seen_at) || "—"}
              </span>
            </div>
            {!s.current && (
              <button type="button" class="small" onClick={() => void revoke(s)}>
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
