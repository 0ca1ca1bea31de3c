import { describe, expect, it } from "vitest";
import type { OutputFormat } from "./catalog";
import {
  exportCheckUrl,
  fitRowsOptions,
  needsCheck,
  printWarning,
  smallTextNote,
  type PrintCheck,
} from "./exportCheck";

const PDF = {
  name: "pdf", label: "PDF", description: "print", extension: "pdf", media_type: "application/pdf", binary: true,
  inline: false,
  options: [{ name: "paper", type: "text", help: "paper size", choices: ["A4", "A3", "A2", "A1", "A0"] }],
} as unknown as OutputFormat;
const SVG = { ...PDF, name: "svg", label: "SVG", options: [{ name: "fit", type: "text", help: "fit" }] } as OutputFormat;

const SMALL: PrintCheck = {
  format: "pdf", paper: "A4", card_pt: 2.804, smallest_pt: 2.103, readable_pt: 7, small: true,
  message: "On A4 the cards' text prints at 2.8 pt and the smallest text at 2.1 pt: text under 7 pt is hard to read.",
  fit_rows_pt: 9, larger_paper: "A1",
};

describe("the export menu's check of printed text size", () => {
  it("checks only a format printed on a paper size, once a paper is chosen", () => {
    expect(needsCheck(PDF, { paper: "A4" })).toBe(true);
    expect(needsCheck(PDF, { paper: "" })).toBe(false);
    expect(needsCheck(PDF, {})).toBe(false);
    expect(needsCheck(SVG, { paper: "A4" })).toBe(false);
  });

  it("asks with the export's options, without download and empty ones", () => {
    expect(exportCheckUrl(7, "pdf", { paper: "A4", tile: "", fit: "rows", blank: false, download: true })).toBe(
      "/api/maps/7/export/check?format=pdf&paper=A4&fit=rows",
    );
    expect(exportCheckUrl(7, "pdf", { paper: "A0", tile: "A3", blank: true })).toBe(
      "/api/maps/7/export/check?format=pdf&paper=A0&tile=A3&blank=true",
    );
  });

  it("fits by rows untiled", () => {
    expect(fitRowsOptions({ paper: "A0", tile: "A3", fit: "page" })).toEqual({ paper: "A0", fit: "rows", tile: undefined });
  });

  it("warns with the server's sizes and offers fit by rows and the larger paper", () => {
    const warning = printWarning(SMALL);
    expect(warning?.message).toBe(SMALL.message);
    expect(warning?.fitRows).toBe("Export PDF fitted by rows on A4 (text 9.0 pt)");
    expect(warning?.largerPaper).toBe("A1");
    expect(warning?.largerLabel).toBe("Choose A1 paper instead");
  });

  it("offers only what the server found, and says nothing when the text is readable", () => {
    const bare = printWarning({ ...SMALL, message: null, fit_rows_pt: null, larger_paper: null });
    expect(bare?.message).toBe("On A4 the cards' text prints at 2.8 pt: under 7 pt is hard to read.");
    expect(bare?.fitRows).toBeNull();
    expect(bare?.largerPaper).toBeNull();
    expect(printWarning({ ...SMALL, small: false, card_pt: 9, message: null })).toBeNull();
    expect(printWarning({ ...SMALL, small: false, paper: null, card_pt: null })).toBeNull();
    expect(printWarning(null)).toBeNull();
  });

  it("notes the small text beside the format", () => {
    expect(smallTextNote(SMALL)).toBe("text 2.8 pt");
    expect(smallTextNote({ ...SMALL, small: false, card_pt: 9 })).toBeNull();
    expect(smallTextNote(null)).toBeNull();
  });
});
