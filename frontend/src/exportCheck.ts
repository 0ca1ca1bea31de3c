// Before a map is exported on paper: GET /api/maps/{mid}/export/check says how big its text prints on the paper
// chosen (the server measures it with the function behind `journeymap render --paper`'s warning; nothing is
// computed here) and, under 7 pt, what makes it readable. This module turns that answer into what the export menu
// shows: the warning, the one-click export fitted by rows, and the larger paper to choose.

import type { ExportOptions } from "./api";
import type { OutputFormat } from "./catalog";
import type { components } from "./generated/api";

export type PrintCheck = components["schemas"]["PrintCheckPublic"];

/** Whether an export of `format` with `options` is printed on a paper size the server can check. */
export function needsCheck(format: OutputFormat, options: ExportOptions): boolean {
  const paper = options.paper;
  return format.options.some((option) => option.name === "paper") && typeof paper === "string" && paper !== "";
}

/** Where to ask how big the text of map `mapId` prints in `format` with `options` (download is left out). */
export function exportCheckUrl(mapId: number, format: string, options: ExportOptions): string {
  const search = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(options)) {
    if (key === "download" || value === undefined || value === false || value === "") continue;
    search.set(key, value === true ? "true" : String(value));
  }
  return `/api/maps/${mapId}/export/check?${search.toString()}`;
}

/** The options of the same export fitted by rows: `fit=rows`, untiled (a tiled map is fitted whole to the paper). */
export function fitRowsOptions(options: ExportOptions): ExportOptions {
  return { ...options, fit: "rows", tile: undefined };
}

export interface PrintWarning {
  /** The warning: on which paper, the cards' text and the smallest text in pt, and why that is a problem. */
  message: string;
  /** The label of the one-click export fitted by rows, or null when fitting by rows is not offered. */
  fitRows: string | null;
  /** The smallest larger paper that keeps the text readable, or null when there is none. */
  largerPaper: string | null;
  /** The label of the button that chooses it. */
  largerLabel: string | null;
}

const pt = (value: number) => `${value.toFixed(1)} pt`;

/** What the export menu says about a check's answer: null when the text prints readably (or there is no paper). */
export function printWarning(check: PrintCheck | null, formatLabel = "PDF"): PrintWarning | null {
  if (!check?.small || check.card_pt == null) return null;
  const message =
    check.message ??
    `On ${check.paper} the cards' text prints at ${pt(check.card_pt)}: under ${check.readable_pt} pt is hard to read.`;
  const fitRows =
    check.fit_rows_pt != null
      ? `Export ${formatLabel} fitted by rows on ${check.paper} (text ${pt(check.fit_rows_pt)})`
      : null;
  const largerPaper = check.larger_paper ?? null;
  return {
    message,
    fitRows,
    largerPaper,
    largerLabel: largerPaper ? `Choose ${largerPaper} paper instead` : null,
  };
}

/** The note beside the format in the menu when its text prints too small ("text 2.8 pt"), or null. */
export function smallTextNote(check: PrintCheck | null): string | null {
  return check?.small && check.card_pt != null ? `text ${pt(check.card_pt)}` : null;
}
