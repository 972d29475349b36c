/**
 * The ids of events, visitors and sessions: UUID v7 (RFC 9562), whose first 48 bits are the milliseconds, so the
 * outbox's key order is creation order.
 */
import { expect, test } from 'vitest';
import { createId } from '../../../src/widget/lib/createId';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('a UUID v7: version 7, variant binary 10, lower-case hex in 8-4-4-4-12', () => {
  for (let i = 0; i < 200; i++) expect(createId()).toMatch(V7);
  expect(createId(0)).toMatch(/^00000000-0000-7/);
});

test('the first 48 bits are the milliseconds given', () => {
  expect(createId(0x0123456789ab).slice(0, 13)).toBe('01234567-89ab');
  const now = Date.UTC(2026, 11, 2, 12, 0, 0, 7);
  const id = createId(now);
  expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(now);
});

test('ids sort by time, and the random bits differ', () => {
  const now = Date.now();
  const ids = [now + 2, now, now + 256, now + 1, now + 65_536].map((t) => createId(t));
  expect([...ids].sort()).toEqual([ids[1], ids[3], ids[0], ids[2], ids[4]]);
  const same = new Set(Array.from({ length: 100 }, () => createId(now)));
  expect(same.size).toBe(100);
  // All four variant digits occur: the two random bits under the variant are random.
  expect(new Set([...same].map((id) => id[19])).size).toBe(4);
});
