/** Time accounting: active = visible and within 10 s of an input, idle stretches counted once, hidden time apart. */
import { expect, test, vi } from 'vitest';
import { IDLE_MS, timeSignals, type TimeSignals } from '../../../../src/widget/pageView/signals/timeSignals';
import { now, press, setVisibility, useFakeLifecycle } from './fakeLifecycle';

const stops = useFakeLifecycle();
let time: TimeSignals;
const start = () => (time = timeSignals(window, now, now(), stops));
const snap = () => time[4]();
/** What triggers read: idle seconds since the last input, while visible. */
const idleSeconds = () => time[3]().idleSeconds;
const key = () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));

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
  expect(time[3]().activeSeconds).toBe(13);
});

test('hidden time is its own bucket, is never idle, and coming back counts as activity', () => {
  start();
  vi.advanceTimersByTime(2000);
  setVisibility('hidden');
  expect(time[2]()).toBe(false);
  vi.advanceTimersByTime(30_000);
  expect(snap()).toMatchObject({ activeMs: 2000, hiddenMs: 30_000, totalMs: 32_000, idlePeriods: 0 });
  expect(idleSeconds()).toBe(0);
  setVisibility('visible');
  expect(time[2]()).toBe(true);
  vi.advanceTimersByTime(4000);
  expect(snap()).toMatchObject({ activeMs: 6000, hiddenMs: 30_000, totalMs: 36_000, idlePeriods: 0 });
  // No timeToFirstInteractionMs: returning to a tab is not an interaction.
  expect(snap().timeToFirstInteractionMs).toBeUndefined();
});

test('a hidden stretch shorter than a second is counted exactly, in both directions', () => {
  start();
  vi.advanceTimersByTime(1300);
  setVisibility('hidden');
  vi.advanceTimersByTime(450);
  setVisibility('visible');
  vi.advanceTimersByTime(250);
  expect(snap()).toMatchObject({ activeMs: 1550, hiddenMs: 450, totalMs: 2000 });
});

test('account answers the hidden total, which other families compare across a wait', () => {
  start();
  vi.advanceTimersByTime(1000);
  expect(time[0]()).toBe(0);
  setVisibility('hidden');
  vi.advanceTimersByTime(700);
  expect(time[0]()).toBe(700);
  setVisibility('visible');
  vi.advanceTimersByTime(500);
  expect(time[0]()).toBe(700);
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
  key();
  vi.advanceTimersByTime(11_000);
  key();
  expect(snap()).toMatchObject({ idlePeriods: 2, activeMs: 3 * 9900 + IDLE_MS + IDLE_MS });
});

test('an idle stretch ended by input before anything read the clock still counts', () => {
  start();
  vi.advanceTimersByTime(10_400);
  press();
  vi.advanceTimersByTime(10_500);
  press();
  expect(snap().idlePeriods).toBe(2);
});

test('activity (a scroll, say) restarts the idle clock without being an interaction', () => {
  start();
  vi.advanceTimersByTime(8000);
  time[1]();
  vi.advanceTimersByTime(8000);
  expect(snap()).toMatchObject({ activeMs: 16_000, idlePeriods: 0 });
  expect(snap().timeToFirstInteractionMs).toBeUndefined();
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
  key();
  expect(snap().inputModality).toBe('touch');
  press('mouse');
  expect(snap().inputModality).toBe('mouse');
});

test('time before the family started counts from `start`', () => {
  vi.advanceTimersByTime(0);
  time = timeSignals(window, now, now() - 3000, stops);
  expect(snap()).toMatchObject({ activeMs: 3000, totalMs: 3000 });
});
