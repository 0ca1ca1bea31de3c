// An invitation link (/invite/{token}): who invited whom to which workspace with which role, and the sign-up
// form for the invited address; a used, revoked or expired invitation says so plainly.

import { useState } from "preact/hooks";
import { api, ApiError, personName, roleLabel, type InvitationInfo } from "../api";
import { Brand } from "../components/Header";
import { RoleBadge, expiresIn } from "../components/Team";
import { ErrorNote, Icon, Spinner, useAction, useLoad, valueOf } from "../components/ui";
import { navigate } from "../router";
import { useAuth } from "../session";

export function InvitePage({ token }: { token: string }) {
  const invitation = useLoad((signal) => api.invitation(token, signal), [token]);
  const error = invitation.error;

  if (invitation.loading && !invitation.data) {
    return (
      <main class="login-page">
        <div class="login-card">
          <Brand />
          <Spinner label="Opening the invitation…" />
        </div>
      </main>
    );
  }
  if (error && !invitation.data) {
    const gone = error instanceof ApiError && (error.status === 410 || error.status === 404);
    return (
      <main class="login-page">
        <div class="login-card" data-testid="invitation-gone">
          <Brand />
          {gone ? (
            <>
              <h1>This invitation can no longer be used</h1>
              <p>
                It was used, revoked or has expired. Ask the person who invited you to send a new invitation — an
                invitation link works once.
              </p>
              <p class="muted small">Already have an account? Sign in: an owner can add you to the workspace directly.</p>
            </>
          ) : (
            <>
              <h1>The invitation cannot be opened</h1>
              <ErrorNote error={error} />
            </>
          )}
          <a class="button" href="/login" data-nav>
            Go to the sign-in page
          </a>
        </div>
      </main>
    );
  }
  if (!invitation.data) return null;
  return <InviteCard token={token} invitation={invitation.data} />;
}

function InviteCard({ token, invitation }: { token: string; invitation: InvitationInfo }) {
  const { user, setUser, signOut, transport } = useAuth();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [run, busy, error] = useAction();
  const inviter = personName(invitation.invited_by);
  const workspace = invitation.workspace;
  const cookiesBlocked = transport?.cookies_ok === false;

  const submit = async (event: Event) => {
    event.preventDefault();
    const answer = await run(() => api.signupInvited(invitation.email, name.trim(), password, token));
    if (answer) {
      setUser(answer.user);
      const target = answer.workspace_id ?? workspace?.id ?? null;
      navigate(target ? `/w/${target}` : "/", { replace: true });
    }
  };

  const sameUser = user && user.email.toLowerCase() === invitation.email.toLowerCase();

  return (
    <main class="login-page">
      <div class="login-card invite-card">
        <Brand />
        <div class="invite-head">
          <span class="invite-badge">
            <Icon name="users" size={20} />
          </span>
          <div>
            <h1>{workspace ? `Join ${workspace.name}` : "Join the studio"}</h1>
            <p class="muted" data-testid="invitation-text">
              {inviter ? <strong>{inviter}</strong> : "Someone"} invited you
              {workspace ? (
                <>
                  {" "}
                  to the workspace <strong>{workspace.name}</strong>
                  {invitation.role && (
                    <>
                      {" "}
                      as <RoleBadge role={invitation.role} />
                    </>
                  )}
                </>
              ) : (
                " to the journeymap studio"
              )}
              .
            </p>
          </div>
        </div>
        {cookiesBlocked && transport?.message && (
          <div class="transport-warning" role="alert">
            <Icon name="warning" />
            <span>{transport.message}</span>
          </div>
        )}
        {user ? (
          sameUser ? (
            <div class="invite-signed-in">
              <p>
                You are signed in as <strong>{user.email}</strong>, the invited address.
              </p>
              {workspace && (
                <a class="button primary wide" href={`/w/${workspace.id}`} data-nav>
                  Open {workspace.name}
                </a>
              )}
              <p class="muted small">
                If the workspace is not in your list, ask {inviter || "the owner"} to add your account: an owner adds
                an existing account directly.
              </p>
            </div>
          ) : (
            <div class="invite-signed-in">
              <p>
                You are signed in as <strong>{user.email}</strong>, but this invitation is for{" "}
                <strong>{invitation.email}</strong>.
              </p>
              <button type="button" class="wide" onClick={() => void signOut().then(() => navigate(`/invite/${token}`))}>
                Sign out to accept it as {invitation.email}
              </button>
            </div>
          )
        ) : (
          <form class="form" onSubmit={submit}>
            <fieldset class="plain" disabled={cookiesBlocked}>
              <div class="form">
                <label>
                  Email
                  <input type="email" autocomplete="username" value={invitation.email} readOnly />
                  <span class="field-hint">The invitation is for this address.</span>
                </label>
                <label>
                  Your name
                  <input
                    type="text"
                    autocomplete="name"
                    required
                    maxLength={200}
                    value={name}
                    onInput={(e) => setName(valueOf(e))}
                    autofocus
                  />
                </label>
                <label>
                  Password
                  <input
                    type="password"
                    autocomplete="new-password"
                    required
                    minLength={10}
                    value={password}
                    onInput={(e) => setPassword(valueOf(e))}
                  />
                  <span class="field-hint">At least 10 characters; not a common password, nor your address or name.</span>
                </label>
                <ErrorNote error={error} />
                <button type="submit" class="primary wide" disabled={busy}>
                  {busy ? "Creating your account…" : workspace ? `Create account and join` : "Create account"}
                </button>
              </div>
            </fieldset>
          </form>
        )}
        <p class="muted small invite-foot">
          {invitation.role ? `${roleLabel(invitation.role)}s ` : ""}
          {invitation.role === "viewer"
            ? "read the maps."
            : invitation.role === "commenter"
              ? "read and comment on the maps."
              : invitation.role === "editor"
                ? "edit the maps, personas and evidence."
                : invitation.role === "owner"
                  ? "edit everything and manage the members."
                  : ""}{" "}
          This invitation {expiresIn(invitation.expires_at)} and works once.
        </p>
      </div>
    </main>
  );
}
