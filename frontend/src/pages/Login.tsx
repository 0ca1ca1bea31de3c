import { useState } from "preact/hooks";
import { api } from "../api";
import { Brand } from "../components/Header";
import { ErrorNote, useAction, valueOf } from "../components/ui";
import { navigate } from "../router";
import { useAuth } from "../session";

function safeNext(next: string | null): string {
  // Only paths of this app (no protocol-relative or absolute URLs).
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/";
}

export function LoginPage({ next }: { next: string | null }) {
  const { demo, setUser, user } = useAuth();
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

  const useDemo = async () => {
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
        <div class="segmented" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={mode === "signin"}
            class={mode === "signin" ? "active" : ""}
            onClick={() => {
              setMode("signin");
              clearError();
            }}
          >
            Sign in
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === "signup"}
            class={mode === "signup" ? "active" : ""}
            onClick={() => {
              setMode("signup");
              clearError();
            }}
          >
            Create account
          </button>
        </div>
        <form onSubmit={submit} class="form">
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
              minLength={mode === "signup" ? 8 : 1}
              value={password}
              onInput={(e) => setPassword(valueOf(e))}
            />
            {mode === "signup" && <span class="field-hint">At least 8 characters.</span>}
          </label>
          <ErrorNote error={error} />
          <button type="submit" class="primary wide" disabled={busy}>
            {busy ? "Please wait…" : mode === "signin" ? "Sign in" : "Create account and sign in"}
          </button>
        </form>
        {demo && (
          <aside class="demo-box">
            <strong>Demo studio</strong>
            <p>
              Sign in as <code>{demo.email}</code> with the password <code>{demo.password}</code> to explore the
              example workspaces.
            </p>
            <button type="button" onClick={() => void useDemo()} disabled={busy}>
              Use the demo account
            </button>
          </aside>
        )}
      </div>
    </main>
  );
}
