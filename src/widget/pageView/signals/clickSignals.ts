import { listen } from '../../lib/listen';

/** Three clicks within this time, each within `RAGE_RADIUS` px of the previous one, are a rage click. */
const RAGE_MS = 1000;
const RAGE_RADIUS = 30;

/**
 * Clicks and rage clicks on the page (not in the survey). The last click and the one before it in the same burst
 * (time, x, y) are kept in memory only, never recorded. Keyboard and scripted clicks (`detail` 0) are never rage.
 *
 * @returns this family's part of the snapshot.
 */
export function clickSignals(win: Window, now: () => number, notify: () => void, stops: (() => void)[]): () => Record<string, number> {
  let clicks = 0;
  let rageClicks = 0;
  let clickT = -Infinity;
  let clickX = 0;
  let clickY = 0;
  let burstT = -Infinity;
  let raged = false;
  stops.push(
    listen(win, 'click', (event: MouseEvent) => {
      // Clicks in the survey itself (its host, after retargeting) are not page behaviour.
      if (!(event.target instanceof Element) || event.target.closest('confidence-pulse')) return;
      clicks++;
      if (event.detail) {
        const t = now();
        const near = t - clickT < RAGE_MS && Math.hypot(event.clientX - clickX, event.clientY - clickY) < RAGE_RADIUS;
        if (!near) raged = false;
        else if (t - burstT < RAGE_MS && !raged) {
          rageClicks++;
          raged = true;
        }
        burstT = near ? clickT : -Infinity;
        clickT = t;
        clickX = event.clientX;
        clickY = event.clientY;
      }
      notify();
    }),
  );
  return () => ({ clicks, rageClicks });
}
