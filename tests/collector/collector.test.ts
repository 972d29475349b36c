import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../../src/collector/index';
import type { PulseEvent } from '../../src/contract/eventShapes';
import { answerEvent, batch, post, start, stopAll } from './helpers';

afterEach(stopAll);

function readRows(collector: RunningCollector): Record<string, unknown>[] {
  const db = new Database(collector.db, { readonly: true });
  try {
    return db.prepare('SELECT * FROM events ORDER BY rowid').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe('POST /v1/events', () => {
  it('accepts a valid batch and stores every column in the SQLite file', async () => {
    const collector = await start();
    const events = [answerEvent(), answerEvent({ question: { id: 'blocker', type: 'choice', multiple: true }, answer: { value: ['reviews', 'price'] } })];
    const sent = batch(events);
    const response = await post(collector, sent);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      results: events.map((e) => ({ id: e.id, status: 'accepted' })),
      accepted: 2,
      duplicate: 0,
      rejected: 0,
    });

    const rows = readRows(collector);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      id: events[0]!.id,
      type: 'answer',
      ts: events[0]!.ts,
      sent_at: sent.sentAt,
      visitor_id: 'v1',
      session_id: 's1',
      page_view_id: 'p1',
      response_id: 'r1',
      page_type: 'category',
      page_path: '/c/shoes',
      survey_id: 'decision-confidence',
      survey_version: 1,
      variant: null,
      sample_rate: 1,
      question_id: 'confidence',
      answer_value: '2',
    });
    expect(Date.parse(rows[0]!.received_at as string)).not.toBeNaN();
    expect(JSON.parse(rows[0]!.body as string)).toEqual(events[0]);
    expect(JSON.parse(rows[1]!.answer_value as string)).toEqual(['reviews', 'price']);
  });

  it('answers "duplicate" for a retried batch and stores each event once', async () => {
    const collector = await start();
    const sent = batch([answerEvent(), answerEvent()]);
    await post(collector, sent);
    const retry = await post(collector, sent);
    expect(retry.status).toBe(200);
    const body = await retry.json();
    expect(body).toMatchObject({ accepted: 0, duplicate: 2, rejected: 0 });
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(readRows(collector)).toHaveLength(2);
  });

  it('answers "duplicate" for a repeated id inside one batch', async () => {
    const collector = await start();
    const event = answerEvent();
    const body = await (await post(collector, batch([event, event]))).json();
    expect(body.results).toEqual([
      { id: event.id, status: 'accepted' },
      { id: event.id, status: 'duplicate' },
    ]);
    expect(readRows(collector)).toHaveLength(1);
  });

  it('gives each event of a mixed batch its own result, with a readable reason', async () => {
    const collector = await start();
    const good = answerEvent();
    const badRate = answerEvent({ survey: { id: 'decision-confidence', version: 1, sampleRate: 2 } });
    const badTime = answerEvent({ ts: 'yesterday' });
    const { id: _omitted, ...noId } = answerEvent();
    const response = await post(collector, batch([good, badRate, badTime, noId, 'not an event']));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 1, duplicate: 0, rejected: 4 });
    expect(body.results).toEqual([
      { id: good.id, status: 'accepted' },
      { id: badRate.id, status: 'rejected', reason: 'survey.sampleRate: must be at most 1' },
      { id: badTime.id, status: 'rejected', reason: 'ts: expected an ISO 8601 date-time such as 2026-11-22T10:00:00.000Z' },
      { id: null, status: 'rejected', reason: 'id: required (string)' },
      { id: null, status: 'rejected', reason: '(event): expected object, got string' },
    ]);
    expect(readRows(collector).map((r) => r.id)).toEqual([good.id]);
  });

  it('rejects an event carrying a NUL character, which databases cannot store', async () => {
    const collector = await start();
    const nul = answerEvent({ page: { type: 'category', path: '/c/\u0000' } });
    const body = await (await post(collector, batch([nul, answerEvent()]))).json();
    expect(body.results[0]).toEqual({ id: nul.id, status: 'rejected', reason: 'page.path: contains a NUL character (\\u0000)' });
    expect(body).toMatchObject({ accepted: 1, rejected: 1 });
  });

  it('answers an empty batch with zero counts', async () => {
    const collector = await start();
    const response = await post(collector, batch([]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ results: [], accepted: 0, duplicate: 0, rejected: 0 });
  });

  it('accepts JSON sent as text/plain, as browsers do cross-origin', async () => {
    const collector = await start();
    const event = answerEvent();
    const response = await post(collector, batch([event]), { 'content-type': 'text/plain;charset=UTF-8' });
    expect(response.status).toBe(200);
    expect((await response.json()).accepted).toBe(1);
    expect(readRows(collector)).toHaveLength(1);
  });

  it('answers 400 with a reason for malformed JSON, a bad envelope or no body', async () => {
    const collector = await start();
    for (const [body, type] of [
      ['{"v":1,"events":[', 'application/json'],
      ['not json', 'text/plain'],
      ['', 'application/json'],
    ] as const) {
      const response = await post(collector, body, { 'content-type': type });
      expect(response.status, body).toBe(400);
      expect((await response.json()).error).toMatch(/^(malformed JSON|empty body): /);
    }
    const wrongVersion = await post(collector, { ...batch([]), v: 2 });
    expect(wrongVersion.status).toBe(400);
    expect(await wrongVersion.json()).toEqual({ error: 'invalid batch: v: must be 1' });
    const notABatch = await post(collector, [answerEvent()]);
    expect(await notABatch.json()).toEqual({ error: 'invalid batch: (batch): expected object, got array' });
  });

  it('answers 415 for a content type it does not read', async () => {
    const collector = await start();
    const response = await post(collector, JSON.stringify(batch([])), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
  });

  it('answers 413 for a body over the limit', async () => {
    const collector = await start({ bodyLimit: 2048 });
    const events = Array.from({ length: 10 }, () => answerEvent());
    const response = await post(collector, batch(events));
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/2048 bytes/);
    expect(readRows(collector)).toHaveLength(0);
  });

  it('answers 429 with Retry-After once a client spends its budget, but never limits /healthz', async () => {
    const collector = await start({ rateLimit: { max: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await post(collector, batch([]))).status).toBe(200);
    const limited = await post(collector, batch([answerEvent()]));
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toEqual({ error: 'too many requests' });
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
    expect(readRows(collector)).toHaveLength(0);
  });

  it('grants CORS on a 429 so the page can read Retry-After, and limits nothing with rateLimit null', async () => {
    const limited = await start({ rateLimit: { max: 1, windowMs: 60_000 }, allowOrigins: ['https://shop.example'] });
    await post(limited, batch([]));
    const refused = await post(limited, batch([]), { origin: 'https://shop.example', 'content-type': 'text/plain' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    // (700 connections at once from one address: the per-address connection cap is lifted too.)
    const open = await start({ rateLimit: null, maxConnectionsPerIp: 0 });
    const statuses = await Promise.all(Array.from({ length: 700 }, () => fetch(`${open.url}/v1/nope`).then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([404]));
    // 700 requests at once took over 30 s on a machine loaded by other work: the limit holds at many times slower.
  }, 180_000);

  it('answers 404 in JSON for unknown routes', async () => {
    const collector = await start();
    const response = await fetch(`${collector.url}/v1/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not found' });
  });
});

describe('CORS', () => {
  const allowed = 'https://shop.example';
  const other = 'https://evil.example';

  function preflight(collector: RunningCollector, origin: string) {
    return fetch(`${collector.url}/v1/events`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
  }

  it('answers a preflight from an allowed origin with the CORS headers', async () => {
    const collector = await start({ allowOrigins: [allowed] });
    const response = await preflight(collector, allowed);
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'access-control-allow-origin': allowed,
      vary: 'Origin',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type, authorization',
      'access-control-max-age': '86400',
    });
  });

  it('sends no CORS headers to a preflight from another origin', async () => {
    const collector = await start({ allowOrigins: [allowed] });
    const response = await preflight(collector, other);
    expect([...response.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('lets an allowed origin post and read Retry-After', async () => {
    const collector = await start({ allowOrigins: [`${allowed}/`, 'https://other.example'] });
    const response = await post(collector, batch([answerEvent()]), { origin: allowed, 'content-type': 'text/plain' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(readRows(collector)).toHaveLength(1);
  });

  it('refuses a post from another origin, without CORS headers and without storing', async () => {
    const collector = await start({ allowOrigins: [allowed] });
    const response = await post(collector, batch([answerEvent()]), { origin: other, 'content-type': 'text/plain' });
    expect(response.status).toBe(403);
    expect([...response.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(readRows(collector)).toHaveLength(0);
  });

  it('echoes any origin when allowOrigins includes "*"', async () => {
    const collector = await start({ allowOrigins: ['*'] });
    const response = await post(collector, batch([]), { origin: other });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(other);
    expect((await preflight(collector, other)).headers.get('access-control-allow-origin')).toBe(other);
  });

  it('accepts posts without an Origin (servers, curl) and from the collector\'s own origin', async () => {
    const collector = await start();
    expect((await post(collector, batch([]))).status).toBe(200);
    const own = await post(collector, batch([]), { origin: collector.url });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GET /healthz', () => {
  it('answers ok with the database size, which grows with what is stored', async () => {
    const collector = await start();
    const response = await fetch(`${collector.url}/healthz`);
    expect(response.status).toBe(200);
    const empty = await response.json();
    expect(empty).toEqual({ ok: true, databaseBytes: expect.any(Number) });
    const text = 'x'.repeat(1000);
    // Stored directly: a single request of this size would be over the body limit.
    const events = Array.from({ length: 200 }, () => answerEvent({ question: { id: 'q', type: 'text', text } }) as PulseEvent);
    expect(await collector.store.insertMany(events)).toHaveLength(200);
    const { databaseBytes } = await (await fetch(`${collector.url}/healthz`)).json();
    // 200 events of over 1,000 bytes each: at least 200 KB more.
    expect(databaseBytes).toBeGreaterThan(empty.databaseBytes + 200_000);
  });

  it('answers 503 when the database is gone, so a load balancer moves on', async () => {
    const collector = await start();
    await collector.store.close();
    const response = await fetch(`${collector.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, error: 'database unreachable' });
  });
});
