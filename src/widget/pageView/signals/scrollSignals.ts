import { listen } from '../../lib/listen';

/** A scroll must go back this far (px) to count as a reversal, so a bounce or a nudge is not re-reading. */
const REVERSAL_PX = 50;

/**
 * Scroll: the deepest point seen (0 to 1; a page no taller than the viewport is fully seen) and reversals of
 * direction. Measured in scroll events, which browsers fire at most once per frame; `measureSoon`, in the next
 * animation frame, also measures a page that never scrolls once it has laid out.
 *
 * @param activity called when the page moved: scrolling by any means (scrollbar drag included) is activity.
 * @param notify called after each measure: a trigger may fire.
 * @returns `measureSoon`, the deepest point for triggers, and this family's part of the snapshot.
 */
export function scrollSignals(win: Window, activity: () => void, notify: () => void, stops: (() => void)[]): [measureSoon: () => void, depth: () => number, snapshot: () => Record<string, number>] {
  const doc = win.document;
  let maxDepth = 0;
  let lastY = win.scrollY;
  let extreme = lastY;
  let direction = 0;
  let reversals = 0;
  let frame = 0;

  const measure = () => {
    const y = win.scrollY;
    const height = doc.scrollingElement!.scrollHeight;
    maxDepth = Math.max(maxDepth, height <= win.innerHeight ? 1 : Math.min(1, (y + win.innerHeight) / height));
    if (direction * (y - extreme) > 0) extreme = y;
    else if (Math.abs(y - extreme) >= REVERSAL_PX) {
      if (direction) reversals++;
      direction = Math.sign(y - extreme);
      extreme = y;
    }
    // The tick's re-measure is not activity.
    if (y != lastY) activity();
    lastY = y;
    notify();
  };

  stops.push(listen(win, 'scroll', measure), () => win.cancelAnimationFrame(frame));
  return [
    () =>
      (frame ||= win.requestAnimationFrame(() => {
        frame = 0;
        measure();
      })),
    () => maxDepth,
    () => ({ maxScrollDepth: Math.round(maxDepth * 100) / 100, scrollReversals: reversals }),
  ];
}
