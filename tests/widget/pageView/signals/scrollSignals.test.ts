/**
 * Scroll depth and reversals on a stand-in window whose scroll position and document height the test sets (happy-dom
 * lays nothing out); real Chromium scrolls real pages in tests/browser/signals.test.ts.
 */
import { expect, test, vi } from 'vitest';
import { scrollSignals } from '../../../../src/widget/pageView/signals/scrollSignals';
import { useFakeLifecycle } from './fakeLifecycle';

const stops = useFakeLifecycle();

/** An 800 px viewport over a document `height` px tall, scrolled with `scrollTo`; frames are 16 ms timers. */
const fakeWindow = (height: number) => {
  const win = Object.assign(new EventTarget(), {
    scrollY: 0,
    innerHeight: 800,
    document: { scrollingElement: { scrollHeight: height } },
    requestAnimationFrame: (callback: () => void) => setTimeout(callback, 16),
    cancelAnimationFrame: (id: number) => clearTimeout(id),
  });
  const scrollTo = (y: number) => {
    win.scrollY = y;
    win.dispatchEvent(new Event('scroll'));
  };
  return { win: win as unknown as Window, scrollTo };
};

test('depth is the deepest point the viewport reached; a reversal needs 50 px back', () => {
  const { win, scrollTo } = fakeWindow(4000);
  let activity = 0;
  let changes = 0;
  const [, depth, snapshot] = scrollSignals(win, () => activity++, () => changes++, stops);
  scrollTo(2000);
  // (2000 + 800) / 4000.
  expect(depth()).toBe(0.7);
  // 40 px back is a nudge; then all the way up is a reversal, and down 100 px another.
  scrollTo(1960);
  scrollTo(0);
  expect(snapshot()).toEqual({ maxScrollDepth: 0.7, scrollReversals: 1 });
  scrollTo(100);
  expect(snapshot()).toEqual({ maxScrollDepth: 0.7, scrollReversals: 2 });
  // Every move is activity, and may fire a trigger.
  expect([activity, changes]).toEqual([4, 4]);
});

test('depth is rounded to hundredths in the snapshot only', () => {
  const { win, scrollTo } = fakeWindow(3000);
  const [, depth, snapshot] = scrollSignals(win, () => {}, () => {}, stops);
  scrollTo(1000);
  expect(depth()).toBeCloseTo(0.6, 12);
  scrollTo(1001);
  expect(depth()).toBeCloseTo(1801 / 3000, 12);
  expect(snapshot().maxScrollDepth).toBe(0.6);
});

test('measureSoon measures in the next frame, once however often asked: a short page is read in full, and is no activity', () => {
  const { win } = fakeWindow(500);
  let activity = 0;
  let changes = 0;
  const [measureSoon, depth] = scrollSignals(win, () => activity++, () => changes++, stops);
  measureSoon();
  measureSoon();
  expect(depth()).toBe(0);
  vi.advanceTimersByTime(16);
  expect([depth(), activity, changes]).toEqual([1, 0, 1]);
});

test('its stops remove the listener and a pending frame', () => {
  const { win, scrollTo } = fakeWindow(4000);
  const [measureSoon, depth] = scrollSignals(win, () => {}, () => {}, stops);
  measureSoon();
  stops.splice(0).forEach((stop) => stop());
  vi.advanceTimersByTime(100);
  scrollTo(2000);
  expect(depth()).toBe(0);
});
