// A tiny history-API router: `navigate(path)`, `useLocation()`, `<Link>` handled by the click interceptor below.

import { useEffect, useState } from "preact/hooks";

type Listener = () => void;
const listeners = new Set<Listener>();

export function currentPath(): string {
  return window.location.pathname + window.location.search;
}

export function navigate(path: string, { replace = false } = {}): void {
  if (path === currentPath()) return;
  if (replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  for (const listener of [...listeners]) listener();
}

window.addEventListener("popstate", () => {
  for (const listener of [...listeners]) listener();
});

/** Same-origin links with `data-nav` go through the router (no page load). */
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const anchor = (event.target as Element | null)?.closest?.("a[data-nav]");
  if (!(anchor instanceof HTMLAnchorElement) || anchor.target || anchor.origin !== window.location.origin) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
});

export interface Location {
  path: string;
  query: URLSearchParams;
}

export function useLocation(): Location {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

export type Route =
  | { name: "login" }
  | { name: "workspaces" }
  | { name: "workspace"; wid: number }
  | { name: "method"; wid: number }
  | { name: "portfolio"; wid: number }
  | { name: "opportunities"; wid: number }
  | { name: "map"; mid: number }
  | { name: "account" }
  | { name: "admin" }
  | { name: "trash" }
  | { name: "reset"; token: string }
  | { name: "invite"; token: string }
  | { name: "share"; token: string }
  | { name: "not-found"; path: string };

export function match(path: string): Route {
  const clean = path.replace(/\/+$/, "") || "/";
  if (clean === "/login") return { name: "login" };
  if (clean === "/") return { name: "workspaces" };
  let m = /^\/w\/(\d+)$/.exec(clean);
  if (m) return { name: "workspace", wid: Number(m[1]) };
  m = /^\/w\/(\d+)\/method$/.exec(clean);
  if (m) return { name: "method", wid: Number(m[1]) };
  m = /^\/w\/(\d+)\/(portfolio|opportunities)$/.exec(clean);
  if (m) return { name: m[2] === "portfolio" ? "portfolio" : "opportunities", wid: Number(m[1]) };
  m = /^\/m\/(\d+)$/.exec(clean);
  if (m) return { name: "map", mid: Number(m[1]) };
  if (clean === "/account") return { name: "account" };
  if (clean === "/admin") return { name: "admin" };
  if (clean === "/trash") return { name: "trash" };
  m = /^\/reset\/([A-Za-z0-9_.~-]+)$/.exec(clean);
  if (m) return { name: "reset", token: m[1] };
  m = /^\/invite\/([A-Za-z0-9_.~-]+)$/.exec(clean);
  if (m) return { name: "invite", token: m[1] };
  m = /^\/s\/([A-Za-z0-9_.~-]+)$/.exec(clean);
  if (m) return { name: "share", token: m[1] };
  return { name: "not-found", path };
}
