// confirmAndRun, the confirm-and-act step of the studio's rows: a "no" runs nothing, a failure is reported (not
// thrown) and the answer reaches `done`. Before the app mounts its dialog, the question goes to window.confirm.

import { afterEach, describe, expect, it, vi } from "vitest";
import { confirmAndRun } from "./ui";

const question = { title: "Delete it?", message: "It goes to the trash.", action: "Delete", danger: true };

function answerConfirm(ok: boolean) {
  const confirm = vi.fn(() => ok);
  vi.stubGlobal("window", { confirm });
  return confirm;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("confirmAndRun", () => {
  it("runs nothing when the question is answered no", async () => {
    const confirm = answerConfirm(false);
    const act = vi.fn(() => Promise.resolve(1));
    const done = vi.fn();
    expect(await confirmAndRun(question, act, done)).toBe("cancelled");
    expect(confirm).toHaveBeenCalledWith("Delete it?\n\nIt goes to the trash.");
    expect(act).not.toHaveBeenCalled();
    expect(done).not.toHaveBeenCalled();
  });

  it("gives the action's answer to done once confirmed", async () => {
    answerConfirm(true);
    const done = vi.fn();
    expect(await confirmAndRun(question, () => Promise.resolve({ id: 7 }), done)).toBe("done");
    expect(done).toHaveBeenCalledWith({ id: 7 });
  });

  it("acts at once without a question, and reports a failure instead of throwing", async () => {
    const confirm = answerConfirm(false);
    const shown = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const done = vi.fn();
    expect(await confirmAndRun(null, () => Promise.reject(new Error("the server is away")), done)).toBe("failed");
    expect(confirm).not.toHaveBeenCalled();
    expect(done).not.toHaveBeenCalled();
    expect(shown).toHaveBeenCalledWith(expect.stringContaining("the server is away"));
  });
});
