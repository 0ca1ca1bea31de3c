// The portfolio and the opportunity board (docs/studio.md, docs/portfolio.md): the API calls and the small pieces of
// display logic the pages share. Every figure — health and its parts, the tree, the heat map, the quadrants, the
// board's order — is the server's (analysis/portfolio.py, analysis/opportunity_board.py); nothing is recomputed here.

import { request } from "./api";
import type { components } from "./generated/api";

type Schemas = components["schemas"];

export type Portfolio = Schemas["PortfolioPublic"];
export type Journey = Schemas["JourneyPublic"];
export type HealthPart = Schemas["HealthPartPublic"];
export type TreeNode = Schemas["TreeNodePublic"];
export type HeatRow = Schemas["HeatRowPublic"];
export type HeatCell = Schemas["HeatCellPublic"];
export type Card = Schemas["BoardCardPublic"];
export type SearchHit = Schemas["SearchHitPublic"];
export type OpportunityChange = Schemas["OpportunityPatch"];
export type Status = Card["status"];
export type SortKey = "score" | "effort" | "impact" | "value";

/** The board's columns, in the order an opportunity moves through them. */
export const STATUSES: ReadonlyArray<{ id: Status; label: string }> = [
  { id: "idea", label: "Idea" },
  { id: "testing", label: "Testing" },
  { id: "validated", label: "Validated" },
  { id: "rejected", label: "Rejected" },
  { id: "delivered", label: "Delivered" },
];

export const SORT_KEYS: ReadonlyArray<{ id: SortKey; label: string }> = [
  { id: "score", label: "Score" },
  { id: "value", label: "Value" },
  { id: "impact", label: "Impact" },
  { id: "effort", label: "Effort (least first)" },
];

/** The quadrants of the value-vs-effort matrix: [id, label, hint], laid out high value first, low effort left. */
export const QUADRANTS = [
  ["quick-win", "Quick wins", "high value, low effort"],
  ["big-bet", "Big bets", "high value, high effort"],
  ["fill-in", "Fill-ins", "low value, low effort"],
  ["money-pit", "Money pits", "low value, high effort"],
] as const;

export interface SearchQuery {
  text?: string;
  tag?: string;
  persona?: string;
  touchpoint?: string;
  channel?: string;
}

function params(entries: Array<[string, string]>): string {
  const search = new URLSearchParams(entries.filter(([, v]) => v !== ""));
  const text = search.toString();
  return text ? `?${text}` : "";
}

export const portfolioApi = {
  portfolio: (wid: number, sort: SortKey = "score", signal?: AbortSignal) =>
    request<Portfolio>("GET", `/api/workspaces/${wid}/portfolio${params([["sort", sort]])}`, { signal }),
  search: (wid: number, query: SearchQuery, signal?: AbortSignal) =>
    request<SearchHit[]>(
      "GET",
      `/api/workspaces/${wid}/portfolio/search${params(Object.entries(query).map(([k, v]: [string, string | undefined]) => [k, (v ?? "").trim()]))}`,
      { signal },
    ),
  change: (mid: number, oid: string, change: OpportunityChange) =>
    request<Schemas["OpportunityPublic"]>("PATCH", `/api/maps/${mid}/opportunities/${encodeURIComponent(oid)}`, {
      body: change,
    }),
};

/** The studio's id of a map of the portfolio (to link to it), or null. */
export function studioMap(portfolio: Pick<Portfolio, "studio">, workspace: string, mapId: string): number | null {
  return portfolio.studio.find((w) => w.name === workspace)?.maps[mapId] ?? null;
}

/** A health score's band for its colour: good (≥ 75), fair (≥ 50) or poor. */
export function healthBand(score: number | null | undefined): "good" | "fair" | "poor" | "none" {
  if (score === null || score === undefined) return "none";
  return score >= 75 ? "good" : score >= 50 ? "fair" : "poor";
}

/** The colour of a heat-map cell: a VMPI cell takes its band's colour (the workspace's bands); an emotion cell
 * goes from red (1, very negative) through amber to green (10, very positive). Empty cells have none. */
export function heatColour(measure: HeatRow["measure"], cell: Pick<HeatCell, "value" | "colour">): string | null {
  if (cell.value === null) return null;
  if (measure === "vmpi") return cell.colour || null;
  const t = Math.min(1, Math.max(0, (cell.value - 1) / 9));
  const hue = Math.round(t * 130); // 0 red → 130 green
  return `hsl(${hue} 65% 82%)`;
}

/** A heat-map cell's text: the mean emotion with one decimal, VMPI as a whole percentage. */
export function heatText(measure: HeatRow["measure"], value: number | null): string {
  if (value === null) return "–";
  return measure === "vmpi" ? `${Math.round(value)}%` : value.toFixed(1);
}

/** The cards of each column, in the board's (the server's) order, every status present. */
export function columns(cards: readonly Card[]): Map<Status, Card[]> {
  const found = new Map<Status, Card[]>(STATUSES.map((s) => [s.id, []]));
  for (const card of cards) found.get(card.status)?.push(card);
  return found;
}

/** The cards a filter keeps: words found in the text, question, owner, maps or steps (all words must be found),
 * and the source when one is chosen. */
export function filterCards(cards: readonly Card[], text: string, source = ""): Card[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return cards.filter((card) => {
    if (source && card.source !== source) return false;
    const hay = [card.text, card.how_might_we, card.owner, card.map_title, card.workspace, ...card.steps.map((s) => s.step ?? s.step_id)]
      .join(" ")
      .toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** Where a card sits in the value-vs-effort matrix, as fractions of the plot (0–1, value up). */
export function matrixPosition(card: Pick<Card, "value" | "effort">): { x: number; y: number } | null {
  if (card.value === null || card.effort === null) return null;
  const unit = (v: number) => Math.min(1, Math.max(0, (v - 1) / 9));
  return { x: unit(card.effort), y: 1 - unit(card.value) };
}

/** A number for a card: one decimal, or a dash. */
export function figure(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : Number.isInteger(value) ? String(value) : value.toFixed(1);
}
