import { describe, expect, it } from "vitest";
import { MAX_ZOOM, MIN_ZOOM, clampZoom, fitWidth, fitZoom, scrollAfterZoom, stepZoom, wheelZoom, zoomLabel } from "./zoom";

describe("zoom", () => {
  it("clamps scales and treats nonsense as 100 %", () => {
    expect(clampZoom(5)).toBe(MAX_ZOOM);
    expect(clampZoom(0.01)).toBe(MIN_ZOOM);
    expect(clampZoom(Number.NaN)).toBe(1);
    expect(clampZoom(-1)).toBe(1);
    expect(clampZoom(0.5)).toBe(0.5);
  });

  it("steps through the scale steps and stops at the ends", () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(0.3, 1)).toBe(0.33);
    expect(stepZoom(0.3, -1)).toBe(0.25);
    expect(stepZoom(MAX_ZOOM, 1)).toBe(MAX_ZOOM);
    expect(stepZoom(MIN_ZOOM, -1)).toBe(MIN_ZOOM);
  });

  it("fits a 16-step map in a laptop window by its width", () => {
    // 16 columns of 236 px + 6 px gaps + the 196 px lane heads; the canvas of a 1440 × 900 window without the panel
    const content = { width: 196 + 16 * 242 + 126, height: 1400 };
    const view = { width: 1392, height: 790 };
    const s = fitZoom(content, view);
    expect(content.width * s).toBeLessThanOrEqual(view.width - 32 + 1e-9);
    expect(content.height * s).toBeLessThanOrEqual(view.height - 32 + 1e-9);
    // the tighter dimension is filled
    expect(Math.max(content.width * s - (view.width - 32), content.height * s - (view.height - 32))).toBeCloseTo(0, 6);
  });

  it("never blows a small map up, and survives an empty one", () => {
    expect(fitZoom({ width: 300, height: 200 }, { width: 1400, height: 800 })).toBe(1);
    expect(fitZoom({ width: 0, height: 0 }, { width: 1400, height: 800 })).toBe(1);
    expect(fitZoom({ width: 100000, height: 100 }, { width: 1000, height: 800 })).toBe(MIN_ZOOM);
  });

  it("fits a stage's width, up to its maximum", () => {
    expect(fitWidth(1000, 1032)).toBeCloseTo(1, 6);
    expect(fitWidth(200, 1032)).toBe(1.5);
    expect(fitWidth(4000, 1032)).toBeCloseTo(0.25, 6);
  });

  it("keeps the point under the pointer in place", () => {
    // at 100 %, scrolled 400 px, the pointer 100 px in: content x = 500; at 200 % that point is at 1000
    expect(scrollAfterZoom(400, 100, 1, 2)).toBe(900);
    expect(scrollAfterZoom(900, 100, 2, 1)).toBe(400);
    expect(scrollAfterZoom(0, 100, 1, 0.5)).toBe(0);
  });

  it("labels and wheels", () => {
    expect(zoomLabel(0.333)).toBe("33 %");
    expect(wheelZoom(1, -100)).toBeGreaterThan(1);
    expect(wheelZoom(1, 100)).toBeLessThan(1);
    expect(wheelZoom(1, 0)).toBe(1);
    expect(wheelZoom(MAX_ZOOM, -100)).toBe(MAX_ZOOM);
  });
});
