// A new password twice, with the studio's policy stated (docs/studio.md): at least 10 characters, not one of the
// common passwords, not the email or the name. The server has the last word (its list of common passwords).

import { valueOf } from "./ui";

export const PASSWORD_MIN = 10;
export const PASSWORD_POLICY = `At least ${PASSWORD_MIN} characters, not a common password, and not your email or name.`;

/** What is wrong with a new password before asking the server, or null. */
export function passwordProblem(password: string, repeat: string, email?: string, name?: string): string | null {
  if (password.length < PASSWORD_MIN) return `The new password needs at least ${PASSWORD_MIN} characters.`;
  const lower = password.trim().toLowerCase();
  if ((email && lower === email.trim().toLowerCase()) || (name && lower === name.trim().toLowerCase()))
    return "The new password cannot be your email or your name.";
  if (password !== repeat) return "The two new passwords differ.";
  return null;
}

export function NewPasswordFields({
  password,
  repeat,
  onPassword,
  onRepeat,
  autoFocus,
}: {
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  autoFocus?: boolean;
}) {
  const short = password.length > 0 && password.length < PASSWORD_MIN;
  const differs = repeat.length > 0 && repeat !== password;
  return (
    <>
      <label>
        New password
        <input
          type="password"
          autocomplete="new-password"
          required
          minLength={PASSWORD_MIN}
          value={password}
          class={short ? "warn" : undefined}
          onInput={(e) => onPassword(valueOf(e))}
          autofocus={autoFocus}
        />
        <span class="field-hint">
          {PASSWORD_POLICY}
          {short && ` (${PASSWORD_MIN - password.length} more to go)`}
        </span>
      </label>
      <label>
        Repeat the new password
        <input
          type="password"
          autocomplete="new-password"
          required
          value={repeat}
          class={differs ? "warn" : undefined}
          onInput={(e) => onRepeat(valueOf(e))}
        />
        {differs && <span class="field-hint">The two passwords differ.</span>}
      </label>
    </>
  );
}
