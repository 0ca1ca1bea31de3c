import { describe, expect, it, vi } from "vitest";
import { columns, filterCards, healthBand, heatColour, heatText, matrixPosition, studioMap, type Card } from "./portfolio";

// the router listens to the window and the document when it loads: stand-ins (the tests run in Node)
vi.stubGlobal("window", { location: { pathname: "/", search: "" }, addEventListener: () => undefined });
vi.stubGlobal("document", { addEventListener: () => undefined });

function card(over: Partial<Card>): Card {
  return {
    workspace: "Bank",
    map_id: "loan",
    map_title: "Home loan",
    id: "o1",
    text: "Reduce the paperwork",
    how_might_we: "How might we ask for fewer documents?",
    source: "weakness",
    score: 12,
    effort: 3,
    impact: 8,
    value: 8,
    owner: "Ana",
    status: "idea",
    quadrant: "quick-win",
    steps: [{ map_id: "upload", step_id: "scan", step: "Scan the payslips" }],
    hypotheses: 0,
    maps: ["loan", "upload"],
    ...over,
  };
}

describe("the board's columns", () => {
  it("has every status in order, cards kept in the server's order", () => {
    const cards = [card({ id: "a", status: "testing" }), card({ id: "b" }), card({ id: "c", status: "testing" })];
    const found = columns(cards);
    expect([...found.keys()]).toEqual(["idea", "testing", "validated", "rejected", "delivered"]);
    expect(found.get("testing")?.map((c) => c.id)).toEqual(["a", "c"]);
    expect(found.get("delivered")).toEqual([]);
  });
});

describe("filtering cards", () => {
  const cards = [card({ id: "a" }), card({ id: "b", text: "Increase trust", owner: "Bo", source: "competitor", steps: [] })];
  it("keeps the cards with every word, in text, owner, map or step names", () => {
    expect(filterCards(cards, "payslips").map((c) => c.id)).toEqual(["a"]);
    expect(filterCards(cards, "bo trust").map((c) => c.id)).toEqual(["b"]);
    expect(filterCards(cards, "home loan").map((c) => c.id)).toEqual(["a", "b"]);
    expect(filterCards(cards, "nothing")).toEqual([]);
  });
  it("keeps one source when asked", () => {
    expect(filterCards(cards, "", "competitor").map((c) => c.id)).toEqual(["b"]);
  });
});

describe("colours and numbers", () => {
  it("bands health", () => {
    expect([healthBand(80), healthBand(75), healthBand(60), healthBand(10), healthBand(null)]).toEqual(["good", "good", "fair", "poor", "none"]);
  });
  it("colours emotion from red to green and VMPI with its band", () => {
    expect(heatColour("emotion", { value: 1, colour: "" })).toBe("hsl(0 65% 82%)");
    expect(heatColour("emotion", { value: 10, colour: "" })).toBe("hsl(130 65% 82%)");
    expect(heatColour("vmpi", { value: 40, colour: "#f00" })).toBe("#f00");
    expect(heatColour("emotion", { value: null, colour: "" })).toBeNull();
    expect([heatText("emotion", 6.25), heatText("vmpi", 87.6), heatText("vmpi", null)]).toEqual(["6.3", "88%", "–"]);
  });
  it("places a card in the matrix, value up and effort right", () => {
    expect(matrixPosition({ value: 10, effort: 1 })).toEqual({ x: 0, y: 0 });
    expect(matrixPosition({ value: 1, effort: 10 })).toEqual({ x: 1, y: 1 });
    expect(matrixPosition({ value: null, effort: 3 })).toBeNull();
  });
  it("finds the studio's map id of a journey", () => {
    const portfolio = { studio: [{ id: 3, name: "Bank", maps: { loan: 17 } }] };
    expect(studioMap(portfolio, "Bank", "loan")).toBe(17);
    expect(studioMap(portfolio, "Bank", "gone")).toBeNull();
  });
});

describe("routes", () => {
  it("opens the portfolio and the board of a workspace", async () => {
    const { match } = await import("./router");
    expect(match("/w/4/portfolio")).toEqual({ name: "portfolio", wid: 4 });
    expect(match("/w/4/opportunities/")).toEqual({ name: "opportunities", wid: 4 });
  });
});
