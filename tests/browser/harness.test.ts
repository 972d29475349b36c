/**
 * The shared browser harness itself: a context a test leaves open is closed before the next test starts, and the
 * demo it starts has a collector that stores what it accepts in the file's own database.
 */
import { expect, test } from 'vitest';
import { answerEvent } from '../fixtures/events';
import { readEvents, useDemo } from './harness';

const env = useDemo();

test('a test that leaves its context open…', async () => {
  const context = await env.newContext();
  await (await context.newPage()).goto(`${env.demo.storeUrl}/c/shoes`);
  expect(env.browser.contexts()).toHaveLength(1);
});

test('…leaves nothing open for the next test', () => {
  expect(env.browser.contexts()).toEqual([]);
});

test("the demo's collector stores the shared answer event in this file's database", async () => {
  const event = answerEvent({ ts: new Date().toISOString() });
  const response = await fetch(env.demo.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ v: 1, sentAt: new Date().toISOString(), events: [event] }),
  });
  expect((await response.json()).accepted).toBe(1);
  expect(readEvents(env.demo.db).filter((row) => row.id === event.id)).toHaveLength(1);
});
