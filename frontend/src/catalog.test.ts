import { afterEach, describe, expect, it, vi } from "vitest";

const CATALOG = {
  formats: [{ name: "svg", label: "SVG", description: "vector image", extension: "svg", media_type: "image/svg+xml",
              binary: false, inline: true, options: [] }],
  map_types: [{ name: "ecosystem-map", label: "Ecosystem / customer value chain map", family: "network",
                description: "actors and value flows", lanes: [] }],
  analyses: [],
};

function answer(status: number, body: unknown) {
  return { ok: status < 400, status, json: () => Promise.resolve(body) };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe("the studio's catalog", () => {
  it("is fetched once and shared", async () => {
    const fetch = vi.fn(() => Promise.resolve(answer(200, CATALOG)));
    vi.stubGlobal("fetch", fetch);
    const { loadCatalog } = await import("./catalog");
    const [first, second] = await Promise.all([loadCatalog(), loadCatalog()]);
    expect(await loadCatalog()).toBe(first);
    expect(second).toBe(first);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]).toContain("/api/catalog");
  });

  it("is asked again after a failure, with the status in the message", async () => {
    const fetch = vi.fn().mockResolvedValueOnce(answer(503, {})).mockResolvedValueOnce(answer(200, CATALOG));
    vi.stubGlobal("fetch", fetch);
    const { loadCatalog } = await import("./catalog");
    await expect(loadCatalog()).rejects.toThrow("HTTP 503");
    expect((await loadCatalog()).formats[0].label).toBe("SVG");
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("names a map type by its label, or in words before the catalog has loaded", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(answer(200, CATALOG))));
    const { loadCatalog, mapTypeLabel } = await import("./catalog");
    expect(mapTypeLabel("service-blueprint")).toBe("Service blueprint");
    expect(mapTypeLabel("ecosystem-map")).toBe("Ecosystem map");
    await loadCatalog();
    expect(mapTypeLabel("ecosystem-map")).toBe("Ecosystem / customer value chain map");
    expect(mapTypeLabel("new-kind-of-map")).toBe("New kind of map");
  });
});
