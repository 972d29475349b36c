import { listen } from '../lib/listen';

/** Ten seconds without input is idle (SPEC §5): active time stops, an idle period is counted. */
export const IDLE_MS = 10_000;
/** The clock that accounts active/hidden time and re-checks time-based triggers. */
const TICK_MS = 1000;
/** Three clicks within a second inside this radius (px) is a rage click. */
const RAGE_RADIUS = 30;

/** Live behaviour of this page view; `snapshot()` copies the numbers into an event. */
export interface PageSignals {
  activeMs(): number;
  /** How long since the last input, while visible. */
  idleMs(): number;
  maxScrollDepth(): number;
  /** True once the pointer left the window through the top edge (desktop exit intent). */
  exitIntent(): boolean;
  counts: Record<string, number>;
  /** Counts a named behaviour (`track('compare')`); `productsCompared` and `filterChanges` come from markup too. */
  track(name: string, by?: number): void;
  snapshot(): Record<string, number | string>;
  /** Calls `listener` after anything that may fire a trigger: scroll, input, the 1 s tick, `track`. */
  subscribe(listener: () => void): () => void;
  destroy(): void;
}

/**
 * Starts measuring this page view (SPEC §5): time, reading, interaction and markup hooks.
 * Numbers only: no text, no coordinates, no element contents leave this module.
 * Listeners are passive and scroll work is throttled to animation frames.
 */
export function createPageSignals(win: Window = window, now: () => number = () => performance.now()): PageSignals {
  const doc = win.document;
  const start = now();
  let last = start;
  let lastInput = start;
  let active = 0;
  let hidden = 0;
  let idlePeriods = 0;
  let wasIdle = false;
  let firstInteraction: number | undefined;
  let maxDepth = 0;
  let lastY = win.scrollY;
  let direction = 0;
  let reversals = 0;
  let clicks = 0;
  let rageClicks = 0;
  let recentClicks: { t: number; x: number; y: number }[] = [];
  let modality = '';
  let exited = false;
  let frame = 0;
  const counts: Record<string, number> = {};
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());

  /** Moves the clock to now, putting elapsed time in the hidden, active or idle bucket. */
  const account = () => {
    const t = now();
    if (doc.visibilityState === 'hidden') hidden += t - last;
    else active += Math.max(0, Math.min(t, lastInput + IDLE_MS) - last);
    const idle = doc.visibilityState !== 'hidden' && t - lastInput >= IDLE_MS;
    if (idle && !wasIdle) idlePeriods++;
    wasIdle = idle;
    last = t;
  };

  const measureScroll = () => {
    frame = 0;
    const root = doc.documentElement;
    const height = Math.max(root.scrollHeight, doc.body?.scrollHeight ?? 0);
    // A page no taller than the viewport is fully read without scrolling.
    const depth = height <= win.innerHeight ? 1 : Math.min(1, (win.scrollY + win.innerHeight) / height);
    maxDepth = Math.max(maxDepth, depth);
    const dy = win.scrollY - lastY;
    if (dy) {
      const d = Math.sign(dy);
      if (direction && d !== direction) reversals++;
      direction = d;
      lastY = win.scrollY;
    }
    notify();
  };

  const input = (kind: string) => {
    account();
    lastInput = now();
    firstInteraction ??= lastInput - start;
    if (kind) modality = kind;
  };

  const onClick = (event: MouseEvent) => {
    clicks++;
    const t = now();
    recentClicks = recentClicks.filter((c) => t - c.t < 1000 && Math.hypot(c.x - event.clientX, c.y - event.clientY) < RAGE_RADIUS);
    recentClicks.push({ t, x: event.clientX, y: event.clientY });
    if (recentClicks.length === 3) rageClicks++;
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest('[data-cp-compare]')) track('productsCompared');
    if (target?.closest('[data-cp-filter]')) track('filterChanges');
    notify();
  };

  const track = (name: string, by = 1) => {
    counts[name] = (counts[name] ?? 0) + by;
    notify();
  };

  const stops = [
    listen(win, 'scroll', () => (frame ||= win.requestAnimationFrame(measureScroll))),
    listen(win, 'pointerdown', (e: PointerEvent) => input(e.pointerType === 'touch' ? 'touch' : 'mouse')),
    listen(win, 'keydown', () => input('keyboard')),
    listen(win, 'wheel', () => input('')),
    listen(win, 'touchmove', () => input('touch')),
    listen(win, 'click', onClick),
    listen(win, 'change', (e: Event) => {
      if (e.target instanceof Element && e.target.closest('[data-cp-filter]')) track('filterChanges');
    }),
    listen(doc, 'visibilitychange', () => {
      account();
      if (doc.visibilityState === 'visible') lastInput = now();
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
    notify();
  }, TICK_MS);
  measureScroll();

  return {
    activeMs: () => (account(), active),
    idleMs: () => (doc.visibilityState === 'hidden' ? 0 : now() - lastInput),
    maxScrollDepth: () => maxDepth,
    exitIntent: () => exited,
    counts,
    track,
    snapshot() {
      account();
      const out: Record<string, number | string> = {
        activeMs: Math.round(active),
        totalMs: Math.round(now() - start),
        hiddenMs: Math.round(hidden),
        maxScrollDepth: Math.round(maxDepth * 100) / 100,
        scrollReversals: reversals,
        clicks,
        rageClicks,
        idlePeriods,
        ...counts,
      };
      if (firstInteraction !== undefined) out.timeToFirstInteractionMs = Math.round(firstInteraction);
      if (modality) out.inputModality = modality;
      return out;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      stops.forEach((stop) => stop());
      win.clearInterval(tick);
      if (frame) win.cancelAnimationFrame(frame);
      listeners.clear();
    },
  };
}
