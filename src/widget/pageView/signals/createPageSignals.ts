import type { TriggerState } from '../../eligibility/firedTrigger';
import { clickSignals } from './clickSignals';
import { exitIntent } from './exitIntent';
import { markupHooks } from './markupHooks';
import { scrollSignals } from './scrollSignals';
import { timeSignals } from './timeSignals';

/** The clock that accounts active/hidden time, re-measures the page and re-checks time-based triggers. */
const TICK_MS = 1000;

/**
 * Live behaviour of this page view; `_snapshot()` copies the numbers into an event. The `_` members are the core's
 * alone, so the build shortens their names.
 */
export interface PageSignals {
  /**
   * What triggers read of this page view now, in their units: active and idle seconds (idle: since the last input,
   * while visible), the deepest scroll, exit intent (the pointer left the window through the top edge, on desktop), and
   * counts by name (`track` calls, plus `compare` and `filter` from the markup hooks).
   */
  _state(): Pick<TriggerState, 'activeSeconds' | 'idleSeconds' | 'scrollDepth' | 'exitIntent' | 'counts'>;
  /** Counts a named behaviour (`track('compare')`). */
  track(name: string, by?: number): void;
  /** The numbers of this page view so far. */
  _snapshot(): Record<string, number | string | Record<string, number>>;
  destroy(): void;
}

/**
 * Starts measuring this page view with one family of signals per file, which this composes: time and activity
 * (`timeSignals`), scroll (`scrollSignals`), clicks (`clickSignals`), exit intent (`exitIntent`) and the markup hooks
 * with `track` (`markupHooks`). Numbers only: no text, no coordinates, no element contents leave these files.
 * Listeners are passive; `destroy` removes everything.
 *
 * @param start when the page view began on the `now` clock: 0 (navigation start) for a document's
 * first page view, so time before the script loaded counts too.
 * @param onChange called after anything that may fire a trigger: scroll, input, the 1 s tick, `track`; never after `destroy`.
 * One listener, the core's, passed in: a subscribe method cost the script tag 14 B brotli.
 */
export function createPageSignals(
  win: Window = window,
  now: () => number = () => performance.now(),
  start: number = now(),
  onChange: () => void = () => {},
): PageSignals {
  const stops: (() => void)[] = [];
  const notify = () => onChange();
  const [account, activity, visible, timeState, timeSnapshot] = timeSignals(win, now, start, stops);
  const [measureSoon, depth, scrollSnapshot] = scrollSignals(win, activity, notify, stops);
  const clickSnapshot = clickSignals(win, now, notify, stops);
  const exited = exitIntent(win.document, notify, stops);
  const [track, counts, findProducts, hookSnapshot] = markupHooks(win, account, notify, stops);
  const tick = win.setInterval(() => {
    account();
    if (visible()) findProducts();
    // Also measures a page that never scrolls, once it has laid out (not at DOMContentLoaded, when it may still be short).
    measureSoon();
    notify();
  }, TICK_MS);

  return {
    _state: () => ({ ...timeState(), scrollDepth: depth(), exitIntent: exited(), counts }),
    track,
    _snapshot: () => ({ ...timeSnapshot(), ...scrollSnapshot(), ...clickSnapshot(), ...hookSnapshot() }),
    destroy() {
      stops.forEach((stop) => stop());
      win.clearInterval(tick);
      onChange = () => {};
    },
  };
}
