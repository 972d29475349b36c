/**
 * Time accounting of the page signals with fake timers: active = visible and not idle, idle = 10 s without
 * input, hidden time apart. The clock is injected (`Date.now`, which the fake timers move), and the page
 * lifecycle is stubbed: happy-dom has no tabs. Real-browser tests cover the same numbers in Chromium.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createPageSignals, IDLE_MS, type PageSignals } from '../../../src/widget/pageView/createPageSignals';

let visibility: DocumentVisibilityState = 'visible';
let signals: PageSignals | undefined;

/** Stubs `document.visibilityState` and fires `visibilitychange`, as a tab switch does. */
const setVisibility = (state: DocumentVisibilityState) => {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
};
const start = () => (signals = createPageSignals(window, () => Date.now()));
const snap = () => signals!._snapshot();
/** What triggers read: idle seconds since the last input, while visible. */
const idleSeconds = () => signals!._state().idleSeconds;
const press = (pointerType = 'mouse') => window.dispatchEvent(new PointerEvent('pointerdown', { pointerType }));
const click = (x: number, y: number, detail = 1, target: EventTarget = document.body) =>
  target.dispatchEvent(new MouseEvent('click', { clientX: x, clientY: y, detail, bubbles: true }));

beforeEach(() => {
  vi.useFakeTimers();
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  document.body.innerHTML = '';
});
afterEach(() => {
  signals?.destroy();
  signals = undefined;
  vi.useRealTimers();
});

test('active time stops after 10 s without input and resumes with the next input', () => {
  start();
  vi.advanceTimersByTime(5000);
  expect(snap()).toMatchObject({ activeMs: 5000, totalMs: 5000, hiddenMs: 0, idlePeriods: 0 });
  vi.advanceTimersByTime(7000);
  // Idle from 10 s: two seconds of nothing are neither active nor hidden.
  expect(snap()).toMatchObject({ activeMs: IDLE_MS, totalMs: 12_000, idlePeriods: 1 });
  expect(idleSeconds()).toBe(12);
  press();
  vi.advanceTimersByTime(3000);
  expect(snap()).toMatchObject({ activeMs: 13_000, totalMs: 15_000, idlePeriods: 1, timeToFirstInteractionMs: 12_000, inputModality: 'mouse' });
  expect(idleSeconds()).toBe(3);
});

test('hidden time is its own bucket, is never idle, and coming back counts as activity', () => {
  start();
  vi.advanceTimersByTime(2000);
  setVisibility('hidden');
  vi.advanceTimersByTime(30_000);
  expect(snap()).toMatchObject({ activeMs: 2000, hiddenMs: 30_000, totalMs: 32_000, idlePeriods: 0 });
  expect(idleSeconds()).toBe(0);
  setVisibility('visible');
  vi.advanceTimersByTime(4000);
  expect(snap()).toMatchObject({ activeMs: 6000, hiddenMs: 30_000, totalMs: 36_000, idlePeriods: 0 });
  // No timeToFirstInteractionMs: returning to a tab is not an interaction.
  expect(snap().timeToFirstInteractionMs).toBeUndefined();
});

test('a hidden stretch shorter than the 1 s tick is counted exactly, in both directions', () => {
  start();
  vi.advanceTimersByTime(1300);
  setVisibility('hidden');
  vi.advanceTimersByTime(450);
  setVisibility('visible');
  vi.advanceTimersByTime(250);
  expect(snap()).toMatchObject({ activeMs: 1550, hiddenMs: 450, totalMs: 2000 });
});

test('each idle stretch counts once; 9.9 s without input is not idle', () => {
  start();
  for (let i = 0; i < 3; i++) {
    vi.advanceTimersByTime(9900);
    press();
  }
  expect(snap().idlePeriods).toBe(0);
  vi.advanceTimersByTime(25_000);
  expect(snap().idlePeriods).toBe(1);
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
  vi.advanceTimersByTime(11_000);
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
  expect(snap()).toMatchObject({ idlePeriods: 2, activeMs: 3 * 9900 + IDLE_MS + IDLE_MS });
});

test('an idle stretch ended by input before the next tick still counts', () => {
  start();
  vi.advanceTimersByTime(10_400);
  press();
  // The tick at 10 s already saw it; a stretch ending between ticks is counted by the input itself.
  vi.advanceTimersByTime(10_000);
  vi.advanceTimersByTime(500);
  press();
  expect(snap().idlePeriods).toBe(2);
});

test('pointer movement keeps the visitor active but is not an interaction', () => {
  start();
  for (let i = 0; i < 30; i++) {
    vi.advanceTimersByTime(1000);
    window.dispatchEvent(new PointerEvent('pointermove', { pointerType: 'mouse' }));
  }
  expect(snap()).toMatchObject({ activeMs: 30_000, idlePeriods: 0 });
  expect(snap().timeToFirstInteractionMs).toBeUndefined();
  expect(snap().inputModality).toBeUndefined();
});

test('input modality: a pointer press names it; keys only when nothing was pressed', () => {
  start();
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab' }));
  expect(snap().inputModality).toBe('keyboard');
  press('touch');
  expect(snap().inputModality).toBe('touch');
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
  expect(snap().inputModality).toBe('touch');
  press('mouse');
  expect(snap().inputModality).toBe('mouse');
});

test('rage clicks: three within 1 s near each other, once per burst', () => {
  start();
  for (let i = 0; i < 5; i++) {
    click(100 + i, 100);
    vi.advanceTimersByTime(150);
  }
  expect(snap()).toMatchObject({ clicks: 5, rageClicks: 1 });
  // A slower burst (450 ms apart) is still one rage click, not one per window.
  vi.advanceTimersByTime(2000);
  for (let i = 0; i < 4; i++) {
    click(300, 300);
    vi.advanceTimersByTime(450);
  }
  expect(snap()).toMatchObject({ clicks: 9, rageClicks: 2 });
  // Three clicks spanning more than a second, far apart, or from the keyboard are not rage.
  vi.advanceTimersByTime(2000);
  for (const [x, wait] of [[10, 600], [10, 600], [10, 0], [500, 100], [600, 100], [700, 100]] as const) {
    click(x, 10);
    vi.advanceTimersByTime(wait);
  }
  for (let i = 0; i < 3; i++) click(0, 0, 0);
  expect(snap()).toMatchObject({ clicks: 18, rageClicks: 2 });
});

test('markup hooks: buttons count on click, form controls on change, never both; unticking is no comparison', () => {
  document.body.innerHTML = `
    <button id="sort" data-cp-filter>Sort</button>
    <label data-cp-filter><input id="wide" type="checkbox"> Wide</label>
    <input id="cmp" type="checkbox" data-cp-compare>
    <button id="cmpb" data-cp-compare>Compare</button>`;
  start();
  const $ = (id: string) => document.getElementById(id) as HTMLElement;
  $('sort').click();
  // A checkbox: its click is skipped, its change counts; through its label, the same.
  $('wide').click();
  $('wide').closest('label')!.click();
  $('cmp').click();
  $('cmp').click();
  $('cmpb').click();
  signals!.track('compare', 2);
  signals!.track('size_guide');
  expect((document.getElementById('cmp') as HTMLInputElement).checked).toBe(false);
  expect(snap()).toMatchObject({ clicks: 7, filterChanges: 3, productsCompared: 4, tracked: { filter: 3, compare: 4, size_guide: 1 } });
  // The event triggers see the same counts.
  expect(signals!._state().counts.compare).toBe(4);
});

test('clicks inside the survey are not page behaviour', () => {
  start();
  const host = document.createElement('confidence-pulse');
  document.body.append(host);
  for (let i = 0; i < 3; i++) click(5, 5, 1, host);
  expect(snap()).toMatchObject({ clicks: 0, rageClicks: 0 });
});

test('track names: any name but __proto__, at most 50 distinct, 60 characters', () => {
  start();
  signals!.track('constructor');
  signals!.track('__proto__');
  for (let i = 0; i < 60; i++) signals!.track(`name${i}`);
  signals!.track('constructor', 2);
  signals!.track('x'.repeat(80));
  const tracked = snap().tracked as Record<string, number>;
  expect(tracked.constructor).toBe(3);
  expect(Object.keys(tracked)).toHaveLength(50);
  // The collector refuses an event with a __proto__ key, so the widget never sends one (nor spends a name on it).
  expect(JSON.stringify(snap())).not.toContain('__proto__');
  expect(Object.keys(tracked)).toContain('name48');
});

test('destroy removes every listener and timer', () => {
  start();
  const before = vi.getTimerCount();
  signals!.destroy();
  expect(vi.getTimerCount()).toBeLessThan(before);
  expect(vi.getTimerCount()).toBe(0);
  click(1, 1);
  press();
  vi.advanceTimersByTime(20_000);
  expect(snap().clicks).toBe(0);
  expect(snap().timeToFirstInteractionMs).toBeUndefined();
});

test('onChange follows the tick, input and track, and is never called after destroy', () => {
  let changes = 0;
  signals = createPageSignals(window, () => Date.now(), undefined, () => changes++);
  vi.advanceTimersByTime(1000);
  expect(changes).toBeGreaterThan(0);
  changes = 0;
  signals.track('compare');
  expect(changes).toBe(1);
  click(10, 10);
  expect(changes).toBe(2);
  // What triggers read follows too.
  expect(signals._state()).toMatchObject({ activeSeconds: 1, idleSeconds: 1, exitIntent: false, counts: { compare: 1 } });
  signals.destroy();
  signals.track('compare');
  vi.advanceTimersByTime(5000);
  expect(changes).toBe(2);
  signals = undefined;
});
