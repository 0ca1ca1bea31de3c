// Keyboard shortcuts: `?` shows them; pages register their keys with useKeys (ignored while typing in a field).

import { useEffect, useRef, useState } from "preact/hooks";
import { Dialog } from "./ui";

export const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ["?", "Show these shortcuts"],
  ["Ctrl/⌘ + Z", "Undo your last change"],
  ["Ctrl/⌘ + Shift + Z  or  Ctrl + Y", "Redo"],
  ["C", "Comment on the selected element"],
  ["Esc", "Close the open dialog, menu or side panel"],
  ["1 … 4", "Side panel: comments, history, evidence, lint"],
];

let open: (() => void) | null = null;

export function openShortcuts(): void {
  open?.();
}

/** True when the key event happens while the user types (inputs, text areas, editable content). */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    return !["button", "checkbox", "radio", "submit", "reset", "file", "range", "color"].includes(type);
  }
  return false;
}

export function ShortcutsHost() {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    open = () => setShown(true);
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "?" && !isTyping(event) && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        setShown((s) => !s);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => {
      open = null;
      window.removeEventListener("keydown", onKey);
    };
  }, []);
  if (!shown) return null;
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => setShown(false)}>
      <table class="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                {keys.split("  or  ").map((k, i) => (
                  <span key={k}>
                    {i > 0 && " or "}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">The editor adds its own keys for moving and editing cards.</p>
    </Dialog>
  );
}

export type KeyHandler = (event: KeyboardEvent) => boolean | void;

/**
 * Page-level keys. `handler` returns true when it used the event (it is then prevented). Events the editor
 * already handled (`defaultPrevented`) and keys typed into fields are skipped, except Escape and the undo keys
 * when `always` says so.
 */
export function useKeys(handler: KeyHandler): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (ref.current(event) === true) event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
