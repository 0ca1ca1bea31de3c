// The editor's viewport: zoom (buttons, Ctrl/⌘ + wheel, + / − / 0 keys), "Fit" (the whole map in the window), an
// overview of the map showing the visible part (drag it to move), and presentation mode (full screen, panels
// hidden, stage by stage with the arrow keys, Esc to leave). The map is scaled with CSS `zoom`, so layout, scrolling
// and sticky lane heads follow the scale. The math is in zoom.ts.

import type { ComponentChildren, JSX } from "preact";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { cx } from "./common";
import { clampZoom, fitWidth, fitZoom, scrollAfterZoom, stepZoom, wheelZoom, zoomLabel } from "./zoom";

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Outline {
  width: number;
  height: number;
  stages: Rect[];
  steps: Rect[];
  lanes: Rect[];
}

const EMPTY: Outline = { width: 0, height: 0, stages: [], steps: [], lanes: [] };

/** The rectangles of the elements matching `selector` inside `content`, at 100 % and relative to it. */
function rectsOf(content: HTMLElement, selector: string, scale: number): Rect[] {
  const base = content.getBoundingClientRect();
  return [...content.querySelectorAll<HTMLElement>(selector)].map((el) => {
    const r = el.getBoundingClientRect();
    return { x: (r.left - base.left) / scale, y: (r.top - base.top) / scale, w: r.width / scale, h: r.height / scale };
  });
}

function outlineOf(content: HTMLElement, scale: number): Outline {
  const r = content.getBoundingClientRect();
  return {
    width: r.width / scale,
    height: r.height / scale,
    stages: rectsOf(content, "[data-testid=stage]", scale),
    steps: rectsOf(content, "[data-testid=step]", scale),
    lanes: rectsOf(content, "[data-testid=lane]", scale),
  };
}

export interface ViewportProps {
  children: ComponentChildren;
  /** The scroll container's attributes (the editor's root: test id, classes, key handler). */
  rootProps: JSX.HTMLAttributes<HTMLDivElement>;
  /** Changes whenever the map changes (the overview is measured again). */
  version: number;
  presenting: boolean;
  setPresenting: (on: boolean) => void;
  /** The stages' names, in order (the presentation says which stage is shown). */
  stageNames: string[];
  /** Width of the sticky lane heads at 100 % (a presented stage is placed right of them). */
  headWidth: number;
}

export function Viewport(props: ViewportProps): JSX.Element {
  const viewRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const [scale, setScaleState] = useState(1);
  const scaleRef = useRef(1);
  const anchor = useRef<{ x: number; y: number; from: number } | null>(null);
  const pendingScroll = useRef<{ left: number; top: number } | null>(null);
  const refits = useRef(0);
  const [outline, setOutline] = useState<Outline>(EMPTY);
  const [scrollTick, setScrollTick] = useState(0);
  const [stage, setStage] = useState(0);
  const { presenting, setPresenting } = props;

  /** Set the scale, keeping the content point at `at` (px from the view's top-left; default its centre) still. */
  const setScale = useCallback((next: number, at?: { x: number; y: number }) => {
    const view = viewRef.current;
    const to = clampZoom(next);
    if (!view || to === scaleRef.current) return;
    const point = at ?? { x: view.clientWidth / 2, y: view.clientHeight / 2 };
    anchor.current = { ...point, from: scaleRef.current };
    scaleRef.current = to;
    setScaleState(to);
  }, []);

  useLayoutEffect(() => {
    const view = viewRef.current;
    const pending = pendingScroll.current;
    if (view && pending) {
      pendingScroll.current = null;
      view.scrollTo(pending);
    }
    const a = anchor.current;
    if (!view || !a) return;
    anchor.current = null;
    view.scrollLeft = scrollAfterZoom(view.scrollLeft, a.x, a.from, scale);
    view.scrollTop = scrollAfterZoom(view.scrollTop, a.y, a.from, scale);
  }, [scale]);

  /** The scale that fits the map as it is laid out now (text wraps a little differently at each scale, so a fit
   * is measured again once laid out, a few times at most). */
  const fitScale = useCallback((): number | null => {
    const view = viewRef.current;
    const content = contentRef.current;
    if (!view || !content) return null;
    const r = content.getBoundingClientRect();
    const natural = { width: r.width / scaleRef.current, height: r.height / scaleRef.current };
    return fitZoom(natural, { width: view.clientWidth, height: view.clientHeight }, 28);
  }, []);

  const fit = useCallback(() => {
    const to = fitScale();
    if (to === null) return;
    anchor.current = null;
    refits.current = 3;
    viewRef.current?.scrollTo({ left: 0, top: 0 });
    if (to === scaleRef.current) return;
    scaleRef.current = to;
    setScaleState(to);
  }, [fitScale]);

  useLayoutEffect(() => {
    if (refits.current <= 0) return;
    refits.current -= 1;
    const to = fitScale();
    if (to !== null && to < scaleRef.current - 1e-3) {
      scaleRef.current = to;
      setScaleState(to);
    } else {
      refits.current = 0;
      viewRef.current?.scrollTo({ left: 0, top: 0 });
    }
  }, [scale, fitScale]);

  // Ctrl/⌘ + wheel zooms about the pointer (a listener that may cancel the browser's own zoom: not passive).
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const onWheel = (e: WheelEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      const r = view.getBoundingClientRect();
      setScale(wheelZoom(scaleRef.current, e.deltaY), { x: e.clientX - r.left, y: e.clientY - r.top });
    };
    view.addEventListener("wheel", onWheel, { passive: false });
    return () => view.removeEventListener("wheel", onWheel);
  }, [setScale]);

  // The overview follows the map, the window and the scale.
  useLayoutEffect(() => {
    const content = contentRef.current;
    if (!content) return;
    const measure = () => setOutline(outlineOf(content, scaleRef.current));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(content);
    return () => observer.disconnect();
  }, [props.version, scale]);

  // Presentation: one stage at a time, filling the window's width.
  const stageCount = outline.stages.length;
  useLayoutEffect(() => {
    if (!presenting) return;
    const view = viewRef.current;
    const content = contentRef.current;
    if (!view || !content) return;
    const stages = rectsOf(content, "[data-testid=stage]", scaleRef.current);
    const target = stages[Math.min(stage, stages.length - 1)];
    if (!target) {
      fit(); // a map without stages (an ecosystem map, a mental model) is presented whole
      return;
    }
    const head = props.headWidth + 6; // the sticky lane heads and the grid's gap
    const to = fitWidth(target.w + head, view.clientWidth, 16, 1.6);
    const scroll = { left: Math.max(0, content.offsetLeft + (target.x - head) * to), top: 0 };
    anchor.current = null;
    if (to === scaleRef.current) {
      view.scrollTo(scroll);
      return;
    }
    pendingScroll.current = scroll; // applied once the new scale is laid out
    scaleRef.current = to;
    setScaleState(to);
  }, [presenting, stage, props.headWidth, props.version, fit]);

  useEffect(() => {
    if (!presenting) return;
    const onKey = (e: KeyboardEvent) => {
      const forward = ["ArrowRight", "ArrowDown", "PageDown", " "].includes(e.key);
      const back = ["ArrowLeft", "ArrowUp", "PageUp"].includes(e.key);
      if (!forward && !back && e.key !== "Escape" && e.key !== "Home" && e.key !== "End") return;
      e.preventDefault();
      e.stopPropagation();
      if (e.key === "Escape") setPresenting(false);
      else if (e.key === "Home") setStage(0);
      else if (e.key === "End") setStage(Math.max(0, stageCount - 1));
      else setStage((s) => Math.max(0, Math.min(stageCount - 1, s + (forward ? 1 : -1))));
    };
    // Leaving the browser's full screen (its own Esc) leaves the presentation too.
    const onFullscreen = () => {
      if (!document.fullscreenElement) setPresenting(false);
    };
    window.addEventListener("keydown", onKey, true);
    document.addEventListener("fullscreenchange", onFullscreen);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      document.removeEventListener("fullscreenchange", onFullscreen);
    };
  }, [presenting, setPresenting, stageCount]);

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest("input, textarea, select, [contenteditable]") || e.altKey || presenting) return;
    const key = e.key;
    if (key === "+" || key === "=") setScale(stepZoom(scaleRef.current, 1));
    else if (key === "-" || key === "_") setScale(stepZoom(scaleRef.current, -1));
    else if (key === "0" && (e.ctrlKey || e.metaKey || !e.shiftKey)) setScale(1);
    else if ((key === "f" || key === "F") && !(e.ctrlKey || e.metaKey)) fit();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const view = viewRef.current;
  const content = contentRef.current;
  const visible: Rect | null =
    view && content && outline.width > 0
      ? {
          x: (view.scrollLeft - content.offsetLeft) / scale,
          y: (view.scrollTop - content.offsetTop) / scale,
          w: view.clientWidth / scale,
          h: view.clientHeight / scale,
        }
      : null;
  void scrollTick; // the visible rectangle is read from the scroll position on each render

  const onScroll = () => setScrollTick((t) => t + 1);
  const currentName = props.stageNames[Math.min(stage, stageCount - 1)] ?? "";

  return (
    <div class={cx("jm-viewport", presenting && "is-presenting")} data-testid="viewport" data-scale={scale.toFixed(4)} onKeyDown={onKeyDown}>
      <div {...props.rootProps} ref={viewRef} onScroll={onScroll}>
        <div class="jm-zoom" ref={contentRef} style={{ zoom: scale }} data-testid="zoom-content">
          {props.children}
        </div>
      </div>
      {!presenting && (
        <div class="jm-zoombar" data-testid="zoombar" role="toolbar" aria-label="Zoom">
          <button type="button" class="jm-zb" data-testid="zoom-out" title="Zoom out (−)" aria-label="Zoom out" onClick={() => setScale(stepZoom(scale, -1))}>
            −
          </button>
          <button type="button" class="jm-zb jm-zb-label" data-testid="zoom-100" title="Actual size (0)" onClick={() => setScale(1)}>
            {zoomLabel(scale)}
          </button>
          <button type="button" class="jm-zb" data-testid="zoom-in" title="Zoom in (+)" aria-label="Zoom in" onClick={() => setScale(stepZoom(scale, 1))}>
            +
          </button>
          <button type="button" class="jm-zb" data-testid="zoom-fit" title="Fit the whole map in the window (F)" onClick={fit}>
            Fit
          </button>
          <button
            type="button"
            class="jm-zb"
            data-testid="present"
            title="Present the map stage by stage (full screen; ← → to move, Esc to leave)"
            onClick={() => {
              setStage(0);
              setPresenting(true);
            }}
          >
            Present
          </button>
        </div>
      )}
      {!presenting && outline.width > 0 && (
        <Overview outline={outline} visible={visible} onMove={(x, y) => {
          if (!view || !content) return;
          view.scrollLeft = content.offsetLeft + x * scale - view.clientWidth / 2;
          view.scrollTop = content.offsetTop + y * scale - view.clientHeight / 2;
        }} />
      )}
      {presenting && (
        <div class="jm-present-bar" data-testid="present-bar">
          {stageCount > 0 && (
            <span data-testid="present-stage">
              Stage {Math.min(stage, stageCount - 1) + 1} of {stageCount}
              {currentName ? ` · ${currentName}` : ""}
            </span>
          )}
          <span class="jm-present-hint">← → stages · Esc to leave</span>
          <button type="button" class="jm-zb" data-testid="present-exit" onClick={() => setPresenting(false)}>
            Leave
          </button>
        </div>
      )}
    </div>
  );
}

const OVERVIEW_W = 180;

/** The map in small: stages, steps and lanes as blocks, the visible part as a frame; press or drag to move. */
function Overview({ outline, visible, onMove }: { outline: Outline; visible: Rect | null; onMove: (x: number, y: number) => void }) {
  const [dragging, setDragging] = useState(false);
  const height = Math.min(110, Math.max(36, (outline.height / outline.width) * OVERVIEW_W));
  const toMap = (e: PointerEvent) => {
    const r = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
    const k = Math.max(outline.width / r.width, outline.height / r.height);
    const ox = (r.width * k - outline.width) / 2;
    const oy = (r.height * k - outline.height) / 2;
    onMove((e.clientX - r.left) * k - ox, (e.clientY - r.top) * k - oy);
  };
  return (
    <svg
      class="jm-overview"
      data-testid="overview"
      width={OVERVIEW_W}
      height={height}
      viewBox={`0 0 ${outline.width} ${outline.height}`}
      aria-label="Overview of the map: drag to move"
      onPointerDown={(e) => {
        (e.currentTarget as Element).setPointerCapture(e.pointerId);
        setDragging(true);
        toMap(e);
      }}
      onPointerMove={(e) => dragging && toMap(e)}
      onPointerUp={() => setDragging(false)}
      onPointerCancel={() => setDragging(false)}
    >
      {outline.lanes.map((r, i) => (
        <rect key={`l${i}`} class="jm-ov-lane" x={0} y={r.y} width={outline.width} height={r.h} />
      ))}
      {outline.stages.map((r, i) => (
        <rect key={`s${i}`} class="jm-ov-stage" x={r.x} y={r.y} width={r.w} height={r.h} rx={8} />
      ))}
      {outline.steps.map((r, i) => (
        <rect key={`t${i}`} class="jm-ov-step" x={r.x} y={r.y} width={r.w} height={r.h} rx={6} />
      ))}
      {visible && (
        <rect
          class="jm-ov-view"
          data-testid="overview-view"
          x={visible.x}
          y={visible.y}
          width={visible.w}
          height={visible.h}
          vector-effect="non-scaling-stroke"
        />
      )}
    </svg>
  );
}
