import { useState } from "preact/hooks";
import { api } from "../api";
import { Brand } from "../components/Header";
import { ErrorNote, Icon, TabRow, useAction, valueOf } from "../components/ui";
import { navigate } from "../router";
import { useAuth } from "../session";

function safeNext(next: string | null): string {
  // Only paths of this app (no protocol-relative or absolute URLs).
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/";
}

export function LoginPage({ next }: { next: string | null }) {
  const { demo, setUser, user, signup, transport } = useAuth();
  // Sign-up needs an invitation unless the server keeps it open (--open-signup, --demo, or no account yet).
  const inviteOnly = signup === "invite" && !demo;
  // Plain HTTP on a host other than localhost: the browser would drop the session cookie, so signing in cannot work.
  const blocked = transport?.cookies_ok === false;
  const [mode, setMode] = useState<"signin" | "signup">("signin");
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [run, busy, error, clearError] = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const answer = await run(() =>
      mode === "signin" ? api.login(email.trim(), password) : api.signup(email.trim(), name.trim(), password),
    );
    if (answer) {
      setUser(answer.user);
      navigate(safeNext(next), { replace: true });
    }
  };

  const signInAsDemo = async () => {
    if (!demo) return;
    setMode("signin");
    setEmail(demo.email);
    setPassword(demo.password);
    const answer = await run(() => api.login(demo.email, demo.password));
    if (answer) {
      setUser(answer.user);
      navigate(safeNext(next), { replace: true });
    }
  };

  return (
    <main class="login-page">
      <div class="login-card">
        <Brand />
        <h1>{mode === "signin" ? "Sign in to the studio" : "Create an account"}</h1>
        {user && (
          <p class="muted">
            You are signed in as {user.name}.{" "}
            <a href="/" data-nav>
              Go to your workspaces
            </a>
          </p>
        )}
        <TabRow
          tabs={[
            ["signin", "Sign in"],
            ["signup", "Create account"],
          ]}
          current={mode}
          onSelect={(id) => {
            setMode(id);
            clearError();
          }}
          class="segmented"
          tabClass=""
        />
        {blocked && (
          <div class="transport-warning" role="alert" data-testid="transport-warning">
            <Icon name="warning" />
            <span>{transport?.message || "Signing in cannot work on this address."}</span>
          </div>
        )}
        {mode === "signup" && inviteOnly && (
          <div class="signup-note" data-testid="signup-invite-only">
            <strong>Accounts are created by invitation</strong>
            <p>
              Ask a workspace owner (or the studio's admin) to invite your email address. The invitation link opens a
              sign-up form for it and takes you to the workspace.
            </p>
            <p class="muted small">Already invited to a workspace with an existing account? Just sign in.</p>
          </div>
        )}
        {mode === "signup" && demo && !blocked && (
          <div class="signup-note open">
            Sign-up is open because this is a demo studio: anyone who reaches it may create an account.
          </div>
        )}
        {!(mode === "signup" && inviteOnly) && (
          <form onSubmit={submit} class="form">
            <fieldset class="plain form" disabled={blocked}>
              <label>
                Email
                <input
                  type="email"
                  autocomplete="username"
                  required
                  value={email}
                  onInput={(e) => setEmail(valueOf(e))}
                  autofocus
                />
              </label>
              {mode === "signup" && (
                <label>
                  Your name
                  <input type="text" autocomplete="name" required maxLength={200} value={name} onInput={(e) => setName(valueOf(e))} />
                </label>
              )}
              <label>
                Password
                <input
                  type="password"
                  autocomplete={mode === "signin" ? "current-password" : "new-password"}
                  required
                  minLength={mode === "signup" ? 10 : 1}
                  value={password}
                  onInput={(e) => setPassword(valueOf(e))}
                />
                {mode === "signup" && (
                  <span class="field-hint">At least 10 characters; not a common password, nor your address or name.</span>
                )}
              </label>
              <ErrorNote error={error} />
              <button type="submit" class="primary wide" disabled={busy || blocked}>
                {busy ? "Please wait…" : mode === "signin" ? "Sign in" : "Create account and sign in"}
              </button>
            </fieldset>
          </form>
        )}
        {demo && (
          <aside class="demo-box">
            <strong>Demo studio</strong>
            <p>
              Sign in as <code>{demo.email}</code> with the password <code>{demo.password}</code> to explore the
              example workspaces.
            </p>
            <button type="button" onClick={() => void signInAsDemo()} disabled={busy || blocked}>
              Use the demo account
            </button>
          </aside>
        )}
      </div>
    </main>
  );
}
