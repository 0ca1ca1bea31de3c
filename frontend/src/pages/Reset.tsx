// A one-time password-reset link (`/reset/{token}`, handed out by the admin): choose a new password, be signed
// in, go to the workspaces. A used or expired link (410) says so plainly.

import { useState } from "preact/hooks";
import { ApiError } from "../api";
import { Brand } from "../components/Header";
import { NewPasswordFields, passwordProblem } from "../components/Password";
import { ErrorNote, Spinner, useAction, useLoad } from "../components/ui";
import { manageApi } from "../manageApi";
import { navigate } from "../router";
import { useAuth } from "../session";

export function ResetPage({ token }: { token: string }) {
  const { setUser, user } = useAuth();
  const info = useLoad((signal) => manageApi.resetInfo(token, signal), [token]);
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [local, setLocal] = useState<string | null>(null);
  const [run, busy, error] = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const problem = passwordProblem(password, repeat, info.data?.email);
    setLocal(problem);
    if (problem) return;
    const answer = await run(() => manageApi.reset(token, password));
    if (answer) {
      setUser(answer.user);
      navigate("/", { replace: true });
    }
  };

  const failure = info.error instanceof ApiError ? info.error : null;
  const gone = failure?.status === 410 || (error instanceof ApiError && error.status === 410);
  const unknown = failure?.status === 404;

  return (
    <main class="login-page">
      <div class="login-card">
        <Brand />
        <h1>{gone || unknown ? "This link no longer works" : "Choose a new password"}</h1>
        {info.loading && !info.data && !info.error && <Spinner label="Checking the link…" />}
        {gone || unknown ? (
          <div class="gone-note" role="alert" data-testid="reset-gone">
            <strong>
              {gone ? "This password reset link has already been used or has expired." : "This password reset link is not valid."}
            </strong>
            <p>
              A password reset link works once, for 24 hours. Ask the studio's admin for a new one
              {user ? "." : ", or sign in if you remember your password."}
            </p>
            {user ? (
              <a href="/" data-nav class="button primary">
                Go to your workspaces
              </a>
            ) : (
              <a href="/login" data-nav class="button primary">
                Go to the sign-in page
              </a>
            )}
          </div>
        ) : (
          <>
            {info.error !== null && info.error !== undefined && <ErrorNote error={info.error} />}
            {info.data && (
              <form class="form" onSubmit={submit}>
                <p class="muted">
                  For <strong class="reset-email">{info.data.email}</strong>. Every session of this account ends; you
                  are signed in here with the new password.
                </p>
                <input type="email" autocomplete="username" value={info.data.email} readOnly hidden />
                <NewPasswordFields
                  password={password}
                  repeat={repeat}
                  onPassword={setPassword}
                  onRepeat={setRepeat}
                  autoFocus
                />
                {local && (
                  <div class="error-note" role="alert">
                    <strong>{local}</strong>
                  </div>
                )}
                <ErrorNote error={error} />
                <button type="submit" class="primary wide" disabled={busy || !password || !repeat}>
                  {busy ? "Please wait…" : "Set the password and sign in"}
                </button>
              </form>
            )}
          </>
        )}
      </div>
    </main>
  );
}
