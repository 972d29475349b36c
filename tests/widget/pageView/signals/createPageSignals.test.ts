/**
 * The page signals as the core sees them: the families composed, the 1 s tick, what triggers read, the snapshot's
 * fields, `onChange` and `destroy`. Each family's own numbers are tested in its own file.
 */
import { afterEach, expect, test, vi } from 'vitest';
import { createPageSignals, type PageSignals } from '../../../../src/widget/pageView/signals/createPageSignals';
import { click, now, press, setVisibility, useFakeLifecycle } from './fakeLifecycle';

useFakeLifecycle();
let signals: PageSignals | undefined;
afterEach(() => {
  signals?.destroy();
  signals = undefined;
  vi.unstubAllGlobals();
});

test('the snapshot holds every family’s numbers, with the first interaction and modality once there is one', () => {
  document.body.innerHTML = '<button data-cp-compare id="c">Compare</button>';
  signals = createPageSignals(window, now);
  vi.advanceTimersByTime(2000);
  expect(Object.keys(signals._snapshot()).sort()).toEqual(
    ['activeMs', 'clicks', 'filterChanges', 'hiddenMs', 'idlePeriods', 'maxScrollDepth', 'productsCompared', 'productsViewed', 'rageClicks', 'scrollReversals', 'totalMs', 'tracked'].sort(),
  );
  press();
  document.getElementById('c')!.click();
  // A hook's click is a click too, counted by both families.
  expect(signals._snapshot()).toMatchObject({ activeMs: 2000, totalMs: 2000, clicks: 1, productsCompared: 1, tracked: { compare: 1 }, timeToFirstInteractionMs: 2000, inputModality: 'mouse' });
});

test('what triggers read: time, scroll depth, exit intent and the counts, in their units', () => {
  signals = createPageSignals(window, now);
  vi.advanceTimersByTime(4000);
  signals.track('compare');
  document.dispatchEvent(new MouseEvent('mouseout', { clientY: 0, relatedTarget: null }));
  const state = signals._state();
  expect(state).toMatchObject({ activeSeconds: 4, idleSeconds: 4, exitIntent: true, counts: { compare: 1 } });
  // happy-dom's page is no taller than its viewport: read in full once measured (the tick asks for a frame).
  expect(state.scrollDepth).toBe(1);
});

test('the tick looks for product tiles only while the page is visible', () => {
  const observed: Element[] = [];
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      observe = (el: Element) => observed.push(el);
      unobserve() {}
      disconnect() {}
    },
  );
  signals = createPageSignals(window, now);
  setVisibility('hidden');
  document.body.innerHTML = '<div data-cp-product="a"></div>';
  vi.advanceTimersByTime(3000);
  expect(observed).toHaveLength(0);
  setVisibility('visible');
  vi.advanceTimersByTime(1000);
  expect(observed).toHaveLength(1);
});

test('destroy removes every listener and timer', () => {
  signals = createPageSignals(window, now);
  const before = vi.getTimerCount();
  signals.destroy();
  expect(vi.getTimerCount()).toBeLessThan(before);
  expect(vi.getTimerCount()).toBe(0);
  click(1, 1);
  press();
  vi.advanceTimersByTime(20_000);
  expect(signals._snapshot().clicks).toBe(0);
  expect(signals._snapshot().timeToFirstInteractionMs).toBeUndefined();
});

test('onChange follows the tick, input and track, and is never called after destroy', () => {
  let changes = 0;
  signals = createPageSignals(window, now, undefined, () => changes++);
  vi.advanceTimersByTime(1000);
  expect(changes).toBeGreaterThan(0);
  changes = 0;
  signals.track('compare');
  expect(changes).toBe(1);
  click(10, 10);
  expect(changes).toBe(2);
  expect(signals._state()).toMatchObject({ activeSeconds: 1, idleSeconds: 1, exitIntent: false, counts: { compare: 1 } });
  signals.destroy();
  signals.track('compare');
  vi.advanceTimersByTime(5000);
  expect(changes).toBe(2);
  signals = undefined;
});
