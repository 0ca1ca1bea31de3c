import { beforeAll, describe, expect, it, vi } from "vitest";

// The router listens to the window and the document when it loads: give it stand-ins (the tests run in Node).
const history: Array<[string, string]> = [];
const location = { pathname: "/", search: "" };
function go(path: string) {
  const url = new URL(path, "http://studio.test");
  location.pathname = url.pathname;
  location.search = url.search;
}
vi.stubGlobal("window", {
  location,
  addEventListener: () => undefined,
  history: {
    pushState: (_state: unknown, _title: string, path: string) => (history.push(["push", path]), go(path)),
    replaceState: (_state: unknown, _title: string, path: string) => (history.push(["replace", path]), go(path)),
  },
});
vi.stubGlobal("document", { addEventListener: () => undefined });

let router: typeof import("./router");
beforeAll(async () => {
  router = await import("./router");
});

describe("match", () => {
  it.each([
    ["/", { name: "workspaces" }],
    ["", { name: "workspaces" }],
    ["/login/", { name: "login" }],
    ["/w/12", { name: "workspace", wid: 12 }],
    ["/m/7//", { name: "map", mid: 7 }],
    ["/account", { name: "account" }],
    ["/admin", { name: "admin" }],
    ["/trash", { name: "trash" }],
    ["/reset/Ab-9_.~z", { name: "reset", token: "Ab-9_.~z" }],
    ["/invite/tok", { name: "invite", token: "tok" }],
    ["/s/share-token", { name: "share", token: "share-token" }],
  ])("%s", (path, route) => {
    expect(router.match(path)).toEqual(route);
  });

  it.each(["/w/abc", "/m/1/2", "/reset/a b", "/reset/", "/w/-3", "/nowhere"])("%s is not found", (path) => {
    expect(router.match(path)).toEqual({ name: "not-found", path });
  });
});

describe("navigate", () => {
  it("pushes a new path, replaces on request, and does nothing for the current path", () => {
    history.length = 0;
    go("/");
    router.navigate("/w/3");
    router.navigate("/w/3");
    router.navigate("/m/5?tab=history", { replace: true });
    expect(history).toEqual([
      ["push", "/w/3"],
      ["replace", "/m/5?tab=history"],
    ]);
    expect(router.currentPath()).toBe("/m/5?tab=history");
  });
});
