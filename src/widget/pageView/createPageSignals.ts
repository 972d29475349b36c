import type { TriggerState } from '../eligibility/firedTrigger';
import { listen } from '../lib/listen';

/** Ten seconds without input is idle: active time stops, an idle period is counted. */
export const IDLE_MS = 10_000;
/** The clock that accounts active/hidden time, re-measures the page and re-checks time-based triggers. */
const TICK_MS = 1000;
/** Three clicks within this time, each within `RAGE_RADIUS` px of the previous one, are a rage click. */
const RAGE_MS = 1000;
const RAGE_RADIUS = 30;
/** A scroll must go back this far (px) to count as a reversal, so a bounce or a nudge is not re-reading. */
const REVERSAL_PX = 50;
/** A product tile is viewed once at least half of it has been on screen this long. */
const VIEW_MS = 1000;
/** Distinct `track` names kept per page view, so a buggy caller cannot grow every event without bound. */
const MAX_NAMES = 50;

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
 * Starts measuring this page view: time, reading, interaction, products and markup hooks. One closure, its
 * families of signals in sections: one file per family measured +143 B brotli on the script tag at best, since the
 * snapshot's fields interleave the families (see CONTRIBUTING, "The stages are functions that hand data on").
 * Numbers only: no text, no coordinates, no element contents leave this module.
 * Listeners are passive; scroll is measured in scroll events (at most one per frame) and otherwise in an animation
 * frame; `destroy` removes everything.
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
  const doc = win.document;
  // Time and activity: visible, active, hidden and idle time, the first interaction and the input modality.
  let visible = doc.visibilityState != 'hidden';
  let last = start;
  let lastInput = start;
  let active = 0;
  let hidden = 0;
  let idlePeriods = 0;
  let idleCounted = false;
  let firstInteraction: number | undefined;
  // Scroll: the deepest point seen, and reversals of direction.
  let maxDepth = 0;
  let lastY = win.scrollY;
  let extreme = lastY;
  let direction = 0;
  let reversals = 0;
  // Clicks and rage clicks.
  let clicks = 0;
  let rageClicks = 0;
  // The last click and the one before it in the same burst (time, x, y): memory only, never recorded.
  let clickT = -Infinity;
  let clickX = 0;
  let clickY = 0;
  let burstT = -Infinity;
  let raged = false;
  let modality = '';
  // Exit intent.
  let exited = false;
  let frame = 0;
  // Markup hooks: product tiles viewed, and `track` counts (with compare and filter).
  let productsViewed = 0;
  let names = 0;
  const seenProducts = new Set<unknown>();
  const pendingProducts = new Map<Element, ReturnType<typeof setTimeout>>();
  // A null prototype, so names such as "constructor" are counted like any other.
  const counts: Record<string, number> = Object.create(null);
  const notify = () => onChange();

  /** Moves the clock to now, putting the elapsed time in the hidden or the active bucket (idle time in neither). */
  const account = () => {
    const t = now();
    if (!visible) hidden += t - last;
    else {
      active += Math.max(0, Math.min(t, lastInput + IDLE_MS) - last);
      if (t - lastInput >= IDLE_MS && !idleCounted) {
        idlePeriods++;
        idleCounted = true;
      }
    }
    last = t;
  };

  /** The visitor is here: the idle clock restarts. */
  const activity = () => {
    account();
    restartIdle();
  };
  const restartIdle = () => {
    lastInput = last;
    idleCounted = false;
  };

  /** A deliberate input: also the first interaction and the input modality. */
  const input = (kind: string) => {
    activity();
    firstInteraction ??= last - start;
    modality = kind;
  };

  const measure = () => {
    const y = win.scrollY;
    const height = doc.scrollingElement!.scrollHeight;
    // A page no taller than the viewport is fully seen without scrolling.
    maxDepth = Math.max(maxDepth, height <= win.innerHeight ? 1 : Math.min(1, (y + win.innerHeight) / height));
    if (direction * (y - extreme) > 0) extreme = y;
    else if (Math.abs(y - extreme) >= REVERSAL_PX) {
      if (direction) reversals++;
      direction = Math.sign(y - extreme);
      extreme = y;
    }
    // Scrolling by any means (scrollbar drag included) is activity; the tick's re-measure is not.
    if (y != lastY) activity();
    lastY = y;
    notify();
  };
  const measureSoon = () =>
    (frame ||= win.requestAnimationFrame(() => {
      frame = 0;
      measure();
    }));

  const track = (name: string, by = 1) => {
    name = name.slice(0, 60);
    // `__proto__` is refused by the collector (it would set a prototype where a count was meant): never sent.
    if (name != '__proto__' && (name in counts || names++ < MAX_NAMES)) counts[name] = (counts[name] ?? 0) + by;
    notify();
  };

  /** Clicks, and the markup hooks: buttons and links count on click, form controls on `change` (never both). */
  const onActivate = (event: MouseEvent) => {
    const el = event.target;
    // Clicks in the survey itself (its host, after retargeting) are not page behaviour.
    if (!(el instanceof Element) || el.closest('confidence-pulse')) return;
    if (event.type == 'click') {
      clicks++;
      // Keyboard and scripted clicks (detail 0) are never rage clicks.
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
      if (el.closest('input,select,textarea,label')) return notify();
    }
    // An unticked compare box is not a comparison.
    if (el.closest('[data-cp-compare]') && (el as HTMLInputElement).checked !== false) track('compare');
    if (el.closest('[data-cp-filter]')) track('filter');
    notify();
  };

  const viewed = (el: Element) => {
    pendingProducts.delete(el);
    io.unobserve(el);
    // The same product in two tiles is one product viewed.
    const key = el.getAttribute('data-cp-product') || el;
    if (!seenProducts.has(key)) {
      seenProducts.add(key);
      productsViewed++;
      notify();
    }
  };
  /** Counts the tile after a second on screen; any hidden time in that second starts the second again. */
  const startViewing = (el: Element, hiddenBefore = hidden): unknown =>
    pendingProducts.set(el, setTimeout(() => (account(), hidden > hiddenBefore ? startViewing(el) : viewed(el)), VIEW_MS));
  const io = new IntersectionObserver(
    (entries) =>
      entries.forEach(({ target, intersectionRatio }) => {
        if (intersectionRatio >= 0.5) pendingProducts.has(target) || startViewing(target);
        else {
          clearTimeout(pendingProducts.get(target));
          pendingProducts.delete(target);
        }
      }),
    { threshold: 0.5 },
  );
  /** Observes product tiles not seen yet, including ones added since the last look (lists, SPAs). */
  const findProducts = () =>
    doc.querySelectorAll('[data-cp-product]').forEach((el) => seenProducts.has(el.getAttribute('data-cp-product') || el) || io.observe(el));

  const stops = [
    // Browsers fire scroll events at most once per animation frame, so this is frame-throttled already.
    listen(win, 'scroll', measure),
    // A touch scroll starts with a touch pointerdown, so no touch listeners are needed.
    listen(win, 'pointerdown', (e: PointerEvent) => input(e.pointerType == 'mouse' ? 'mouse' : 'touch')),
    listen(win, 'pointermove', () => now() - lastInput > 100 && activity()),
    // A pointer press names the modality; keys only when nothing was pressed (keyboard-only visitors).
    listen(win, 'keydown', () => input(modality || 'keyboard')),
    // Only the first wheel matters (interaction, modality); scrolling itself is activity.
    listen(win, 'wheel', () => input(modality || 'mouse'), { passive: true, capture: true, once: true }),
    listen(win, 'click', onActivate),
    listen(win, 'change', onActivate),
    listen(doc, 'visibilitychange', () => {
      account();
      visible = doc.visibilityState != 'hidden';
      // Coming back is activity (without counting the time away as idle).
      if (visible) restartIdle();
    }),
    listen(doc, 'mouseout', (e: MouseEvent) => {
      // Exit intent: the pointer leaves the window through the top (towards tabs and the address bar).
      if (!e.relatedTarget && e.clientY <= 0 && !exited) {
        exited = true;
        notify();
      }
    }),
  ];
  const tick = win.setInterval(() => {
    account();
    if (visible) findProducts();
    // Also measures a page that never scrolls, once it has laid out (not at DOMContentLoaded, when it may still be short).
    measureSoon();
    notify();
  }, TICK_MS);
  findProducts();

  return {
    _state: () => (
      account(),
      { activeSeconds: active / 1000, scrollDepth: maxDepth, exitIntent: exited, idleSeconds: (visible ? now() - lastInput : 0) / 1000, counts }
    ),
    track,
    _snapshot() {
      account();
      const out: ReturnType<PageSignals['_snapshot']> = {
        activeMs: Math.round(active),
        totalMs: Math.round(last - start),
        hiddenMs: Math.round(hidden),
        maxScrollDepth: Math.round(maxDepth * 100) / 100,
        scrollReversals: reversals,
        clicks,
        rageClicks,
        idlePeriods,
        productsViewed,
        productsCompared: counts.compare ?? 0,
        filterChanges: counts.filter ?? 0,
        tracked: { ...counts },
      };
      if (firstInteraction !== undefined) out.timeToFirstInteractionMs = Math.round(firstInteraction);
      if (modality) out.inputModality = modality;
      return out;
    },
    destroy() {
      stops.forEach((stop) => stop());
      win.clearInterval(tick);
      if (frame) win.cancelAnimationFrame(frame);
      io.disconnect();
      pendingProducts.forEach((timer) => clearTimeout(timer));
      onChange = () => {};
    },
  };
}
