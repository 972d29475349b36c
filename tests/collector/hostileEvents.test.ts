/**
 * Events built to cost the collector, or to cost other events: a real collector on 127.0.0.1 with a SQLite file.
 * No timing is asserted: the bounded cost shows in what the answer describes (a few problems, never 40,000).
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../../src/collector/index';
import { answerEvent, batch, post, start, stopAll } from './helpers';

afterEach(stopAll);

function storedIds(collector: RunningCollector): string[] {
  const db = new Database(collector.db, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM events ORDER BY rowid').all() as { id: string }[]).map((row) => row.id);
  } finally {
    db.close();
  }
}

/** A batch as JSON text, with `extra` spliced into the second event: keys JSON.stringify cannot write from a literal. */
function batchWithRaw(first: object, second: object, extra: string): string {
  const body = JSON.stringify(batch([first, second]));
  const secondJson = JSON.stringify(second);
  return body.replace(secondJson, `${secondJson.slice(0, -1)},${extra}}`);
}

describe('an event built to be expensive', () => {
  it('with 40,000 invalid signal values (about 650 KB) is refused for its size, and the rest of the batch is stored', async () => {
    // A body limit as high as before this defence, so the event's own check is what is tested.
    const collector = await start({ bodyLimit: 1024 * 1024 });
    const good = answerEvent();
    const attack = answerEvent({ signals: Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`signal${i}`, [0]])) });
    const body = JSON.stringify(batch([attack, good]));
    expect(body.length).toBeGreaterThan(600_000);
    const response = await post(collector, body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      results: [
        { id: attack.id, status: 'rejected', reason: 'signals: must have at most 100 keys' },
        { id: good.id, status: 'accepted' },
      ],
      accepted: 1,
      duplicate: 0,
      rejected: 1,
    });
    expect(storedIds(collector)).toEqual([good.id]);
  });

  it('with many problems inside the caps gets the first five and "and more"', async () => {
    const collector = await start();
    const attack = answerEvent({ signals: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`signal${i}`, null])) });
    const { results } = await (await post(collector, batch([attack]))).json();
    expect(results[0].reason).toBe(
      [0, 1, 2, 3, 4].map((i) => `signals.signal${i}: expected number or boolean or string or array or object, got null`).join('; ') + '; and more',
    );
  });

  it('in a batch of a thousand broken events, only the first twenty list every problem', async () => {
    const collector = await start();
    const body = await (await post(collector, batch(Array.from({ length: 1000 }, () => ({}))))).json();
    expect(body).toMatchObject({ accepted: 0, rejected: 1000 });
    const reasons: string[] = body.results.map((r: { reason: string }) => r.reason);
    expect(new Set(reasons.slice(0, 20))).toEqual(
      new Set([
        'id: required (string); type: must be "impression" or "answer" or "complete" or "dismiss" or "outcome" or "pageview"; ts: required (string); pageViewId: required (string); page: required (object)',
      ]),
    );
    expect(new Set(reasons.slice(20))).toEqual(new Set(['id: required (string)']));
  });

  it('with a huge list or a deeply nested value is refused by size, not walked', async () => {
    const collector = await start({ bodyLimit: 1024 * 1024 });
    const longList = answerEvent({ answer: { value: Array.from({ length: 50_000 }, () => 1) } });
    const deep = answerEvent({ signals: { deep: 'DEEP' } });
    // 100,000 levels: written as text, since JSON.stringify itself would overflow the stack.
    const body = JSON.stringify(batch([longList, deep])).replace('"DEEP"', '['.repeat(100_000) + ']'.repeat(100_000));
    const { results } = await (await post(collector, body)).json();
    expect(results.map((r: { reason: string }) => r.reason)).toEqual([
      'answer.value: must have at most 100 items',
      'signals.deep[0]: expected string, got array',
    ]);
  });
});

describe('limits on bytes', () => {
  it('refuses a body over 256 KiB by default: a batch the widget then sends in halves', async () => {
    const collector = await start();
    const events = Array.from({ length: 50 }, () => answerEvent({ answer: { value: 'x'.repeat(2000), other: 'y'.repeat(2000), label: 'z'.repeat(1000) } }));
    expect((await post(collector, batch(events))).status).toBe(413);
    expect(await (await post(collector, batch(events.slice(0, 25)))).json()).toMatchObject({ accepted: 25 });
  });

  it('charges each client its bodies\' bytes: past the budget, 429 with Retry-After, and the connection closes', async () => {
    const collector = await start({ byteLimit: { max: 100_000, windowMs: 60_000 } });
    const body = JSON.stringify(batch(Array.from({ length: 10 }, () => answerEvent({ answer: { value: 'x'.repeat(2000) } }))));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(collector, body)).status);
    expect(body.length * 4).toBeLessThan(100_000);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const refused = await post(collector, body);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('connection')).toBe('close');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Requests without a body are not charged.
    expect((await fetch(`${collector.url}/v1/nope`)).status).toBe(404);
  });
});

describe('one event never costs the others', () => {
  it('refuses only the event carrying a __proto__ key, whatever the content type, and pollutes nothing', async () => {
    const collector = await start();
    const good = answerEvent();
    const tracked = answerEvent();
    for (const type of ['application/json', 'text/plain;charset=UTF-8']) {
      const body = batchWithRaw(good, tracked, '"signals":{"tracked":{"__proto__":1,"size_guide":2}}').replace(
        JSON.stringify(good),
        JSON.stringify({ ...good, signals: JSON.parse('{"__proto__":{"polluted":true}}') }).replace(good.id, `${good.id}`),
      );
      const response = await post(collector, body, { 'content-type': type });
      expect(response.status).toBe(200);
      expect((await response.json()).results).toEqual([
        { id: good.id, status: 'rejected', reason: 'signals.__proto__: this key is not allowed' },
        { id: tracked.id, status: 'rejected', reason: 'signals.tracked.__proto__: this key is not allowed' },
      ]);
    }
    const clean = answerEvent();
    const mixed = batchWithRaw(clean, answerEvent(), '"page":{"path":"/","query":{"__proto__":"x"}}');
    expect(await (await post(collector, mixed, { 'content-type': 'text/plain' })).json()).toMatchObject({ accepted: 1, rejected: 1 });
    expect(storedIds(collector)).toEqual([clean.id]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('keeps refusing __proto__ keys outright on other routes, with the default parser', async () => {
    const collector = await start();
    const response = await fetch(`${collector.url}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"__proto__":{"x":1}}' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/^malformed JSON/);
  });

  it('refuses an event dated outside 2020 to one day ahead, keeping the rest; a skewed sentAt refuses its events', async () => {
    const collector = await start();
    const good = answerEvent();
    const tomorrow = answerEvent({ ts: new Date(Date.now() + 12 * 3600_000).toISOString() });
    const future = answerEvent({ ts: '9999-12-31T23:59:59.000Z' });
    const ancient = answerEvent({ ts: '0000-01-01T00:00:00.000Z' });
    const body = await (await post(collector, batch([good, tomorrow, future, ancient]))).json();
    expect(body).toMatchObject({ accepted: 2, rejected: 2 });
    expect(body.results[2].reason).toMatch(/^ts: must be from 2020-01-01 to one day after the collector's clock \(.+\), got 9999-12-31T23:59:59\.000Z$/);
    expect(body.results[3].reason).toMatch(/^ts: must be from 2020-01-01 .*got 0000-01-01T00:00:00\.000Z$/);
    expect(storedIds(collector)).toEqual([good.id, tomorrow.id]);

    const skewed = { ...batch([answerEvent(), answerEvent()]), sentAt: '2019-06-01T00:00:00.000Z' };
    const refused = await (await post(collector, skewed)).json();
    expect(refused).toMatchObject({ accepted: 0, rejected: 2 });
    expect(refused.results[0].reason).toMatch(/^sentAt: must be from 2020-01-01 /);
  });
});
