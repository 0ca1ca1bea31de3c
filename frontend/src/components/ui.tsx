// Small building blocks: icons, avatars, dialogs, toasts, confirmation, error notes, and a data-loading hook.

import type { ComponentChildren, JSX } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, describeError, type Workspace } from "../api";

// --- icons (inline SVG elements: allowed by the CSP, unlike inline styles) ------------------------------------

const PATHS: Record<string, string> = {
  undo: "M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11",
  redo: "m15 14 5-5-5-5M20 9H9.5a5.5 5.5 0 0 0 0 11H13",
  download: "M12 3v12m0 0-4-4m4 4 4-4M5 21h14",
  comment: "M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z",
  history: "M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l3 3",
  evidence: "M3 3v18h18M7 15l4-4 3 3 5-6",
  lint: "M9 11l3 3L22 4M21 12v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h11",
  close: "M18 6 6 18M6 6l12 12",
  plus: "M12 5v14M5 12h14",
  chevron: "m6 9 6 6 6-6",
  back: "m15 18-6-6 6-6",
  derive: "M6 3v12M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM18 9a9 9 0 0 1-9 9",
  keyboard: "M2 6h20v12H2zM6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10",
  check: "M20 6 9 17l-5-5",
  cloud: "M17.5 19H9a7 7 0 1 1 6.7-9h1.8a4.5 4.5 0 1 1 0 9z",
  offline: "M2 2l20 20M17.5 19H9a7 7 0 0 1-5.2-11.7M8.5 5.3A7 7 0 0 1 15.7 10h1.8a4.5 4.5 0 0 1 3 7.9",
  sidebar: "M3 3h18v18H3zM15 3v18",
  user: "M20 21v-2a4 4 0 0 0-4-4H8a4 4 0 0 0-4 4v2M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
  trash: "M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6",
  eye: "M1 12s4-8 11-8 11 8 11 8-4 8-11 8S1 12 1 12zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
  external: "M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6M15 3h6v6M10 14 21 3",
  upload: "M12 21V9m0 0-4 4m4-4 4 4M5 3h14",
  map: "M1 6v16l7-4 8 4 7-4V2l-7 4-8-4-7 4zM8 2v16M16 6v16",
  folder: "M22 19a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h5l2 3h9a2 2 0 0 1 2 2z",
  logout: "M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9",
  share: "M18 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM6 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM18 22a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM8.6 13.5l6.8 4M15.4 6.5l-6.8 4",
  link: "M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7",
  users: "M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM23 21v-2a4 4 0 0 0-3-3.9M16 3.1a4 4 0 0 1 0 7.8",
  mail: "M3 5h18v14H3zM3 6l9 7 9-7",
  lock: "M5 11h14v10H5zM8 11V7a4 4 0 0 1 8 0v4",
  warning: "M12 3 2 21h20zM12 10v5M12 18h.01",
  more: "M12 5h.01M12 12h.01M12 19h.01",
  bell: "M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0",
  copy: "M9 9h11v11H9zM5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1",
  pencil: "M17 3a2.8 2.8 0 0 1 4 4L7.5 20.5 2 22l1.5-5.5z",
  restore: "M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5",
  shield: "M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10z",
  key: "M21 2l-2 2m-7.6 7.6a5.5 5.5 0 1 1-7.8 7.8 5.5 5.5 0 0 1 7.8-7.8zm0 0L15.5 7.5m0 0 3 3L22 7l-3-3m-3.5 3.5L19 4",
  monitor: "M2 3h20v14H2zM8 21h8M12 17v4",
};

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, title }: { name: IconName; size?: number; title?: string }) {
  return (
    <svg
      class="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden={title ? undefined : "true"}
      role={title ? "img" : undefined}
    >
      {title && <title>{title}</title>}
      <path d={PATHS[name]} />
    </svg>
  );
}

// --- avatars -------------------------------------------------------------------------------------------------

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = [...words[0]][0] ?? "?";
  const last = words.length > 1 ? ([...words[words.length - 1]][0] ?? "") : "";
  return (first + last).toUpperCase();
}

export function Avatar({ name, colour, title, small }: { name: string; colour: string; title?: string; small?: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);
  // Dynamic colours go through element.style (CSSOM), which the CSP allows; never a style attribute string.
  useEffect(() => {
    if (ref.current) ref.current.style.backgroundColor = colour;
  }, [colour]);
  return (
    <span ref={ref} class={small ? "avatar avatar-small" : "avatar"} title={title ?? name} aria-label={title ?? name}>
      {initials(name)}
    </span>
  );
}

// --- dialogs -------------------------------------------------------------------------------------------------

export function Dialog({
  title,
  onClose,
  children,
  wide,
  footer,
}: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
  footer?: ComponentChildren;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>("[autofocus], input, select, textarea, button.primary");
    first?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        close.current();
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      previous?.focus?.();
    };
  }, []);
  return (
    <div
      class="dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div class={wide ? "dialog dialog-wide" : "dialog"} role="dialog" aria-modal="true" aria-label={title} ref={ref}>
        <header class="dialog-head">
          <h2>{title}</h2>
          <button type="button" class="icon-button" onClick={onClose} aria-label="Close" title="Close (Esc)">
            <Icon name="close" />
          </button>
        </header>
        <div class="dialog-body">{children}</div>
        {footer && <footer class="dialog-foot">{footer}</footer>}
      </div>
    </div>
  );
}

/** The props of a form of the workspace page (personas, 5Cs): `readOnly` below editor (shown, not edited). */
export interface WorkspaceFormProps {
  workspace: Workspace;
  onSaved: () => void;
  readOnly?: boolean;
}

// --- tabs -------------------------------------------------------------------------------------------------------

/** A row of tab buttons (`[id, label]` each); the current one is marked `active` and `aria-selected`. */
export function TabRow<T extends string>({
  tabs,
  current,
  onSelect,
  class: className = "tabs",
  tabClass = "tab",
}: {
  tabs: ReadonlyArray<readonly [T, string]>;
  current: T;
  onSelect: (id: T) => void;
  class?: string;
  tabClass?: string;
}) {
  return (
    <div class={className} role="tablist">
      {tabs.map(([id, label]) => (
        <button
          key={id}
          type="button"
          role="tab"
          aria-selected={current === id}
          class={current === id ? `${tabClass} active`.trim() : tabClass}
          onClick={() => onSelect(id)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}

// --- confirmation ---------------------------------------------------------------------------------------------

interface ConfirmRequest {
  title: string;
  message: string;
  action: string;
  danger?: boolean;
  resolve: (ok: boolean) => void;
}

let showConfirm: ((request: ConfirmRequest) => void) | null = null;

/** Ask the user to confirm (a dialog of the app; falls back to window.confirm before the app is mounted). */
export function confirmAction(title: string, message: string, action = "OK", danger = false): Promise<boolean> {
  return new Promise((resolve) => {
    if (showConfirm) showConfirm({ title, message, action, danger, resolve });
    else resolve(window.confirm(`${title}\n\n${message}`));
  });
}

export function ConfirmHost() {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  useEffect(() => {
    showConfirm = setRequest;
    return () => {
      showConfirm = null;
    };
  }, []);
  if (!request) return null;
  const done = (ok: boolean) => {
    request.resolve(ok);
    setRequest(null);
  };
  return (
    <Dialog
      title={request.title}
      onClose={() => done(false)}
      footer={
        <>
          <button type="button" onClick={() => done(false)}>
            Cancel
          </button>
          <button type="button" class={request.danger ? "primary danger" : "primary"} onClick={() => done(true)}>
            {request.action}
          </button>
        </>
      }
    >
      <p>{request.message}</p>
    </Dialog>
  );
}

// --- toasts --------------------------------------------------------------------------------------------------

interface Toast {
  id: number;
  text: string;
  kind: "info" | "error";
}

let pushToast: ((toast: Omit<Toast, "id">) => void) | null = null;

export function notify(text: string, kind: "info" | "error" = "info"): void {
  if (pushToast) pushToast({ text, kind });
  else if (kind === "error") console.error(text);
}

export function notifyError(error: unknown): void {
  notify(describeError(error), "error");
}

// --- confirm, then act --------------------------------------------------------------------------------------

/** What to ask before an action (`danger`: the confirm button is red). */
export interface Question {
  title: string;
  message: string;
  action: string;
  danger?: boolean;
}

/** How a confirmed action ended: the user said no, it was done, or it failed (the error is shown as a toast). */
export type Outcome = "cancelled" | "done" | "failed";

/** The confirm-and-act step of the studio's rows: asks `question` (when given), then runs `act` and gives its answer
 * to `done` (a toast, a reload, a navigation); an error of either becomes an error toast. */
export async function confirmAndRun<T>(
  question: Question | null,
  act: () => Promise<T>,
  done: (answer: T) => void = () => undefined,
): Promise<Outcome> {
  if (question && !(await confirmAction(question.title, question.message, question.action, question.danger))) {
    return "cancelled";
  }
  try {
    done(await act());
    return "done";
  } catch (error) {
    notifyError(error);
    return "failed";
  }
}

export function ToastHost() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    let next = 1;
    pushToast = (toast) => {
      const id = next++;
      setToasts((list) => [...list.slice(-3), { ...toast, id }]);
      window.setTimeout(() => setToasts((list) => list.filter((t) => t.id !== id)), toast.kind === "error" ? 8000 : 3500);
    };
    return () => {
      pushToast = null;
    };
  }, []);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} class={`toast toast-${toast.kind}`}>
          {toast.text}
          <button
            type="button"
            class="icon-button"
            aria-label="Dismiss"
            onClick={() => setToasts((list) => list.filter((t) => t.id !== toast.id))}
          >
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}

// --- errors --------------------------------------------------------------------------------------------------

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const problems = error instanceof ApiError ? error.problems : [];
  return (
    <div class="error-note" role="alert">
      <strong>{error instanceof ApiError ? error.message : describeError(error)}</strong>
      {error instanceof ApiError && error.hint && <div class="hint">{error.hint}</div>}
      {problems.length > 0 && (
        <ul>
          {problems.slice(0, 8).map((p, i) => (
            <li key={i}>
              {p.where && <code>{p.where}</code>} {p.message}
              {p.hint && <span class="hint"> — {p.hint}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return (
    <div class="spinner-row" role="status">
      <span class="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

// --- data loading ---------------------------------------------------------------------------------------------

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
  set: (data: T) => void;
}

/** What a load shows before its data: a spinner while the first answer is awaited, and its error. */
export function LoadState({ loaded }: { loaded: Pick<Loaded<unknown>, "data" | "error" | "loading"> }) {
  return (
    <>
      {loaded.loading && !loaded.data && <Spinner />}
      <ErrorNote error={loaded.error} />
    </>
  );
}

/** Load with `fetcher` when `key` changes; `reload()` fetches again (keeping the shown data meanwhile). */
export function useLoad<T>(fetcher: (signal: AbortSignal) => Promise<T>, key: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    fetcher(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => controller.abort();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's key decides when to load again; the fetcher is a new closure each render
  }, [...key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ data, error: null, loading: false }), []);
  return { ...state, reload, set };
}

/** Run an async action with a busy flag and an error; returns [run, busy, error, clearError]. */
export function useAction(): [
  <T>(action: () => Promise<T>) => Promise<T | undefined>,
  boolean,
  unknown,
  () => void,
] {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T,>(action: () => Promise<T>) => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return [run, busy, error, useCallback(() => setError(null), [])];
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const now = Date.now();
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (seconds < 45) return "just now";
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400 && date.getDate() === new Date().getDate())
    return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export type InputEvent = JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, Event>;

/** The value of an input/textarea/select event. */
export function valueOf(event: InputEvent): string {
  return event.currentTarget.value;
}
