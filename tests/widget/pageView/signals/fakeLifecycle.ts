/**
 * What the signals' unit tests share: fake timers (the clock each family is given is `Date.now`, which they move),
 * a stubbed `document.visibilityState` (happy-dom has no tabs), and the visitor's inputs. Real-browser tests cover
 * the same numbers in Chromium (tests/browser/signals.test.ts).
 */
import { afterEach, beforeEach, vi } from 'vitest';

let visibility: DocumentVisibilityState = 'visible';

/** Fake timers, a visible page and an empty body before each test; each `stops` list given is run after it. */
export function useFakeLifecycle(): (() => void)[] {
  const stops: (() => void)[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
    visibility = 'visible';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    document.body.innerHTML = '';
  });
  afterEach(() => {
    stops.splice(0).forEach((stop) => stop());
    vi.useRealTimers();
  });
  return stops;
}

/** The clock the families read in these tests. */
export const now = () => Date.now();

/** Stubs `document.visibilityState` and fires `visibilitychange`, as a tab switch does. */
export const setVisibility = (state: DocumentVisibilityState) => {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
};

/** A pointer press, as a mouse click or a touch starts. */
export const press = (pointerType = 'mouse') => window.dispatchEvent(new PointerEvent('pointerdown', { pointerType }));

/** A click at (x, y); `detail` 0 is a keyboard or scripted click. */
export const click = (x: number, y: number, detail = 1, target: EventTarget = document.body) =>
  target.dispatchEvent(new MouseEvent('click', { clientX: x, clientY: y, detail, bubbles: true }));
