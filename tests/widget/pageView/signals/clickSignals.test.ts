/** Clicks and rage clicks: three within 1 s, each within 30 px of the previous, are one rage click per burst. */
import { expect, test, vi } from 'vitest';
import { clickSignals } from '../../../../src/widget/pageView/signals/clickSignals';
import { click, now, useFakeLifecycle } from './fakeLifecycle';

const stops = useFakeLifecycle();
let changes = 0;
const start = () => {
  changes = 0;
  return clickSignals(window, now, () => changes++, stops);
};

test('rage clicks: three within 1 s near each other, once per burst', () => {
  const read = start();
  for (let i = 0; i < 5; i++) {
    click(100 + i, 100);
    vi.advanceTimersByTime(150);
  }
  expect(read()).toEqual({ clicks: 5, rageClicks: 1 });
  // A slower burst (450 ms apart) is still one rage click, not one per window.
  vi.advanceTimersByTime(2000);
  for (let i = 0; i < 4; i++) {
    click(300, 300);
    vi.advanceTimersByTime(450);
  }
  expect(read()).toEqual({ clicks: 9, rageClicks: 2 });
  // Three clicks spanning more than a second, far apart, or from the keyboard are not rage.
  vi.advanceTimersByTime(2000);
  for (const [x, wait] of [[10, 600], [10, 600], [10, 0], [500, 100], [600, 100], [700, 100]] as const) {
    click(x, 10);
    vi.advanceTimersByTime(wait);
  }
  for (let i = 0; i < 3; i++) click(0, 0, 0);
  expect(read()).toEqual({ clicks: 18, rageClicks: 2 });
  // Every click on the page may fire a trigger.
  expect(changes).toBe(18);
});

test('clicks inside the survey are not page behaviour', () => {
  const read = start();
  const host = document.createElement('confidence-pulse');
  document.body.append(host);
  for (let i = 0; i < 3; i++) click(5, 5, 1, host);
  expect(read()).toEqual({ clicks: 0, rageClicks: 0 });
  expect(changes).toBe(0);
});

test('its stop removes the listener', () => {
  const read = start();
  stops.splice(0).forEach((stop) => stop());
  click(1, 1);
  expect(read()).toEqual({ clicks: 0, rageClicks: 0 });
});
