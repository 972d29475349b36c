import { expect, test } from 'vitest';
import { electSender } from '../../../src/widget/outbox/electSender';

// happy-dom has no Web Locks: these cover the browsers without them. Real Chromium covers the lock, and two tabs
// with and without it (tests/browser/delivery.test.ts).
test('without Web Locks every tab sends (the collector deduplicates), and nothing is stored to coordinate', () => {
  expect(window.navigator.locks).toBeFalsy();
  localStorage.clear();
  const elected: string[] = [];
  const a = electSender(() => elected.push('a'));
  const b = electSender(() => elected.push('b'));
  expect([a.held(), b.held()]).toEqual([true, true]);
  // Leaving (pagehide) gives nothing up, and a restored page sends again.
  a.release();
  expect(a.held()).toBe(true);
  expect(elected).toEqual([]);
  expect(Object.keys(localStorage)).toEqual([]);
});
