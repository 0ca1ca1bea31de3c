// The studio's zoom: the scale steps, fitting a map (or one stage of it) in the window, zooming about a point.
// Pure: no DOM, no Preact (zoom.test.ts).

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 2;
/** The scales the + and − buttons (and keys) step through. */
export const ZOOM_STEPS = [0.1, 0.15, 0.2, 0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];

export interface Size {
  width: number;
  height: number;
}

/** A scale kept within MIN_ZOOM..MAX_ZOOM (a non-finite one is 1). */
export function clampZoom(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale));
}

/** The next scale step above (dir 1) or below (dir −1) `scale`. */
export function stepZoom(scale: number, dir: 1 | -1): number {
  const eps = 1e-6;
  if (dir > 0) return ZOOM_STEPS.find((s) => s > scale + eps) ?? MAX_ZOOM;
  return [...ZOOM_STEPS].reverse().find((s) => s < scale - eps) ?? MIN_ZOOM;
}

/** The scale at which `content` (its size at 100 %) fits in `view` with `margin` px on each side, never above 100 %
 * (a small map is not blown up). */
export function fitZoom(content: Size, view: Size, margin = 16): number {
  if (content.width <= 0 || content.height <= 0) return 1;
  const w = Math.max(1, view.width - 2 * margin) / content.width;
  const h = Math.max(1, view.height - 2 * margin) / content.height;
  return clampZoom(Math.min(1, w, h));
}

/** The scale at which a span of `width` px (at 100 %) fills `viewWidth`, up to `max`. */
export function fitWidth(width: number, viewWidth: number, margin = 16, max = 1.5): number {
  if (width <= 0) return 1;
  return clampZoom(Math.min(max, Math.max(1, viewWidth - 2 * margin) / width));
}

/** The scroll offset that keeps the content point under `anchor` (px from the view's edge) in place when the scale
 * goes from `from` to `to`; `scroll` is the offset before (one axis). */
export function scrollAfterZoom(scroll: number, anchor: number, from: number, to: number): number {
  const point = (scroll + anchor) / from; // in content px at 100 %
  return Math.max(0, point * to - anchor);
}

/** A scale as a percentage for the zoom bar ("25 %"). */
export function zoomLabel(scale: number): string {
  return `${Math.round(scale * 100)} %`;
}

/** The next scale for a Ctrl/⌘ + wheel event of `deltaY` (smooth: about 10 % per notch). */
export function wheelZoom(scale: number, deltaY: number): number {
  const factor = Math.exp(-Math.max(-100, Math.min(100, deltaY)) * 0.001);
  return clampZoom(scale * factor);
}
