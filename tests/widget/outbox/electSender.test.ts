import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { electSender, LEASE_MS, SENDER_LOCK } from '../../../src/widget/outbox/electSender';

// happy-dom has no Web Locks, so these cover the localStorage lease; real Chromium covers the lock (tests/browser/delivery.test.ts).
beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
});
afterEach(() => vi.useRealTimers());

test('one tab holds the lease; another takes over when it lapses or is released', async () => {
  expect(window.navigator.locks).toBeFalsy();
  const elected: string[] = [];
  const a = electSender(() => elected.push('a'));
  const b = electSender(() => elected.push('b'));
  expect(a.held()).toBe(true);
  expect(b.held()).toBe(false);
  // a renews while it sends.
  await vi.advanceTimersByTimeAsync(LEASE_MS - 1000);
  expect(a.held()).toBe(true);
  expect(b.held()).toBe(false);
  // a goes quiet: b is told when the lease lapses, and takes it.
  await vi.advanceTimersByTimeAsync(LEASE_MS + 100);
  expect(elected).toEqual(['b']);
  expect(b.held()).toBe(true);
  expect(a.held()).toBe(false);
  // b leaves (pagehide): a may send at once.
  b.release();
  expect(localStorage.getItem(SENDER_LOCK)).toBeNull();
  expect(a.held()).toBe(true);
  // Releasing a lease someone else holds changes nothing.
  b.release();
  expect(localStorage.getItem(SENDER_LOCK)).toMatch(/ \d+$/);
  a.release();
});

test('without localStorage every tab sends (the collector deduplicates)', () => {
  const blocked = { navigator: {}, get localStorage(): Storage { throw new DOMException('denied', 'SecurityError'); } } as unknown as Window;
  expect(electSender(() => {}, blocked).held()).toBe(true);
  expect(electSender(() => {}, blocked).held()).toBe(true);
});
