/**
 * The same behaviour from both stores: SQLite in a temp file, PostgreSQL in a fresh database on a real
 * server (see tests/setup/postgres.ts). Every test here runs against each.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore, openSqliteStore, POSTGRES_SCHEMA_VERSION, type EventStore, type StoredEvent } from '../../src/collector/index';
import type { PulseEvent } from '../../src/contract/eventShapes';
import { createTestDatabase, type TestDatabase } from './testDatabase';
import { answerEvent as event } from '../fixtures/events';

interface Opened {
  store: EventStore;
  cleanup(): Promise<void>;
}

const kinds: { name: string; open(): Promise<Opened> }[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'cp-contract-'));
      const store = openSqliteStore(join(dir, 'pulse.sqlite'));
      return { store, cleanup: async () => (store.close(), rm(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const db = await createTestDatabase();
      const store = await openPostgresStore(db.url);
      return {
        store,
        async cleanup() {
          await store.close();
          await db.drop();
        },
      };
    },
  },
];

async function collect(pages: AsyncIterable<StoredEvent[]>): Promise<{ ids: string[]; sizes: number[] }> {
  const ids: string[] = [];
  const sizes: number[] = [];
  for await (const page of pages) {
    sizes.push(page.length);
    ids.push(...page.map((e) => e.id));
  }
  return { ids, sizes };
}

describe.each(kinds)('$name store', ({ open }) => {
  let opened: Opened[] = [];
  const fresh = async () => {
    const o = await open();
    opened.push(o);
    return o.store;
  };
  afterEach(async () => {
    await Promise.all(opened.map((o) => o.cleanup()));
    opened = [];
  });

  it('inserts idempotently by id: across batches and inside one', async () => {
    const store = await fresh();
    const a = event();
    const b = event();
    expect(await store.insertMany([a, b, a])).toEqual(['accepted', 'accepted', 'duplicate']);
    expect(await store.insertMany([b, event()])).toEqual(['duplicate', 'accepted']);
    expect(await store.insertMany([])).toEqual([]);
    expect(await store.count()).toBe(3);
  });

  it('stores a group of batches as insertMany would one by one, each row with its own batch\'s times', async () => {
    const store = await fresh();
    const [a, b, c] = [event(), event(), event({ type: 'pageview', page: { type: 'comparison', path: '/compare' } })];
    const statuses = await store.insertGroup!([
      { events: [a, b], context: { receivedAt: '2026-11-22T10:00:05.000Z', sentAt: '2026-11-22T10:00:04.000Z' } },
      { events: [b, c, a], context: { receivedAt: '2026-11-22T10:00:07.000Z', sentAt: '2026-11-22T10:00:06.000Z' } },
    ]);
    expect(statuses).toEqual([
      ['accepted', 'accepted'],
      ['duplicate', 'accepted', 'duplicate'],
    ]);
    const rows = new Map((await store.all()).map((row) => [row.id, row]));
    expect(rows.get(a.id)).toMatchObject({ receivedAt: '2026-11-22T10:00:05.000Z', sentAt: '2026-11-22T10:00:04.000Z' });
    expect(rows.get(c.id)).toMatchObject({ receivedAt: '2026-11-22T10:00:07.000Z', sentAt: '2026-11-22T10:00:06.000Z' });
    expect(await store.insertGroup!([{ events: [c], context: {} }])).toEqual([['duplicate']]);
    expect(await store.count()).toBe(3);
    expect((await store.facets()).pageTypes).toEqual(['category', 'comparison']);
  });

  it('round-trips every field, normalising times to one spelling', async () => {
    const store = await fresh();
    const answer = event({ ts: '2026-11-22T10:00:00Z', answer: { value: ['reviews', 'price'], label: 'More reviews, Clearer pricing', other: 'a "quote"' } });
    const outcome: PulseEvent = { id: randomUUID(), type: 'outcome', ts: '2026-11-22T10:05:00.123Z', visitorId: 'v1', sessionId: 's1', pageViewId: 'p9', page: { path: '/thanks' }, outcome: { name: 'purchase', value: 129, currency: 'EUR' } };
    await store.insertMany([answer, outcome], { receivedAt: '2026-11-22T10:06:00.000Z', sentAt: '2026-11-22T10:05:59Z' });
    const [first, second] = await store.all();
    expect(first).toEqual({
      id: answer.id,
      type: 'answer',
      ts: '2026-11-22T10:00:00.000Z',
      receivedAt: '2026-11-22T10:06:00.000Z',
      sentAt: '2026-11-22T10:05:59.000Z',
      visitorId: 'v1',
      sessionId: 's1',
      pageViewId: 'p1',
      responseId: 'r1',
      pageType: 'category',
      pagePath: '/c/shoes',
      surveyId: 'decision-confidence',
      surveyVersion: 1,
      variant: null,
      sampleRate: 1,
      questionId: 'confidence',
      questionType: 'scale',
      answerValue: ['reviews', 'price'],
      device: 'desktop',
      outcomeName: null,
      body: answer,
    });
    expect(second).toMatchObject({ type: 'outcome', ts: '2026-11-22T10:05:00.123Z', outcomeName: 'purchase', pageType: null, surveyId: null, device: null, responseId: null, body: outcome });
  });

  it('stores hostile strings verbatim and only as bound values', async () => {
    const store = await fresh();
    const injection = "x'); DROP TABLE events; DROP TABLE cp_events; --";
    const weird = event({ page: { type: injection, path: '/\u{1F600}/ü/\ud800' }, answer: { value: '=1+1 <script>' } });
    expect(await store.insertMany([weird])).toEqual(['accepted']);
    expect(await store.count({ pageType: injection })).toBe(1);
    const [row] = await store.all();
    // The body keeps even a lone surrogate (JSON escapes it); text columns hold valid UTF-8.
    expect(row!.body).toEqual(weird);
    expect(row!.answerValue).toBe('=1+1 <script>');
  });

  it('filters by type, survey, version, page type, device and time', async () => {
    const store = await fresh();
    const events = [
      event({ ts: '2026-11-20T10:00:00.000Z' }),
      event({ ts: '2026-11-21T10:00:00.000Z', survey: { id: 'decision-confidence', version: 2, sampleRate: 0.5 } }),
      event({ ts: '2026-11-22T00:00:00.000Z', page: { type: 'comparison', path: '/compare' }, signals: { viewport: 'mobile' } }),
      event({ ts: '2026-11-22T10:00:00.000Z', type: 'impression', question: undefined, answer: undefined }),
      event({ ts: '2026-11-23T10:00:00.000Z', survey: { id: 'exit', version: 1, sampleRate: 1 } }),
    ].map((e) => JSON.parse(JSON.stringify(e)) as PulseEvent);
    await store.insertMany(events);
    expect(await store.count({ type: 'answer' })).toBe(4);
    expect(await store.count({ type: ['answer', 'impression'] })).toBe(5);
    expect(await store.count({ type: [] })).toBe(0);
    expect(await store.count({ surveyId: 'decision-confidence' })).toBe(4);
    expect(await store.count({ surveyId: 'decision-confidence', surveyVersion: 2 })).toBe(1);
    expect(await store.count({ pageType: 'comparison' })).toBe(1);
    expect(await store.count({ device: 'mobile' })).toBe(1);
    expect(await store.count({ device: 'desktop' })).toBe(4);
    // since is inclusive, until exclusive, and either spelling of a time works.
    expect(await store.count({ since: '2026-11-22T00:00:00Z', until: '2026-11-23T10:00:00.000Z' })).toBe(2);
    expect(await store.count({ since: '2026-11-22T00:00:00.000Z', type: 'answer', device: 'mobile' })).toBe(1);
  });

  it('orders by event time and limits', async () => {
    const store = await fresh();
    const [a, b, c] = ['2026-11-22T09:00:00.000Z', '2026-11-22T11:00:00.000Z', '2026-11-22T10:00:00.000Z'].map((ts) => event({ ts }));
    await store.insertMany([a!, b!, c!]);
    expect((await store.all()).map((e) => e.id)).toEqual([a!.id, c!.id, b!.id]);
    expect((await store.all({ order: 'desc', limit: 2 })).map((e) => e.id)).toEqual([b!.id, c!.id]);
    expect(await store.all({ limit: 0 })).toEqual([]);
  });

  it('scans page by page in time order, across equal times, with filters', async () => {
    const store = await fresh();
    expect((await collect(store.scan())).ids).toEqual([]);
    const events = Array.from({ length: 7 }, (_, i) => event({ ts: `2026-11-22T10:00:0${i < 4 ? 0 : i}.000Z`, page: { type: i % 2 ? 'comparison' : 'category', path: '/' } }));
    await store.insertMany(events);
    const all = await store.all();
    const scanned = await collect(store.scan({}, { pageSize: 2 }));
    expect(scanned.ids).toEqual(all.map((e) => e.id));
    expect(new Set(scanned.ids).size).toBe(7);
    expect(scanned.sizes).toEqual([2, 2, 2, 1]);
    const comparison = await collect(store.scan({ pageType: 'comparison' }, { pageSize: 1 }));
    expect(comparison.ids).toEqual(all.filter((e) => e.pageType === 'comparison').map((e) => e.id));
  });

  it('lists the facets the report offers as filters', async () => {
    const store = await fresh();
    expect(await store.facets()).toEqual({ surveys: [], pageTypes: [], devices: [], outcomes: [], scaleQuestions: [] });
    await store.insertMany([
      event({ survey: { id: 'decision-confidence', version: 3, sampleRate: 1 } }),
      event({ survey: { id: 'decision-confidence', version: 1, sampleRate: 1 }, signals: { viewport: 'mobile' } }),
      event({ survey: { id: 'exit', version: 1, sampleRate: 1 }, page: { type: 'product', path: '/p' }, question: { id: 'ok', type: 'binary' }, answer: { value: true } }),
      { id: randomUUID(), type: 'outcome', ts: '2026-11-22T10:00:00.000Z', pageViewId: 'p', page: { path: '/t' }, outcome: { name: 'purchase' } },
    ]);
    expect(await store.facets()).toEqual({
      surveys: [
        { id: 'decision-confidence', versions: [1, 3] },
        { id: 'exit', versions: [1] },
      ],
      pageTypes: ['category', 'product'],
      devices: ['desktop', 'mobile'],
      outcomes: ['purchase'],
      scaleQuestions: ['confidence'],
    });
  });

  it('answers ping while open', async () => {
    const store = await fresh();
    await expect(Promise.resolve(store.ping())).resolves.toBeUndefined();
    expect(store.description).toMatch(/^(SQLite \/|PostgreSQL 127\.0\.0\.1:\d+\/cp_test_)/);
  });
});

describe('PostgreSQL store, many collectors on one database', () => {
  let db: TestDatabase;
  const stores: EventStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await db?.drop();
  });

  it('migrates once when collectors start together, and deduplicates across them', async () => {
    db = await createTestDatabase();
    stores.push(...(await Promise.all([openPostgresStore(db.url), openPostgresStore(db.url), openPostgresStore(db.url)])));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    expect((await client.query('SELECT version FROM cp_schema')).rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }]);

    // The same 200 events sent to all three at once, as retries through a load balancer would.
    const events = Array.from({ length: 200 }, () => event());
    const results = await Promise.all(stores.map((s) => s.insertMany(events)));
    for (let i = 0; i < events.length; i++) {
      expect(results.map((r) => r[i]).filter((status) => status === 'accepted')).toHaveLength(1);
    }
    expect((await client.query('SELECT COUNT(*)::int AS n FROM cp_events')).rows[0].n).toBe(200);
    // Overlapping batches in different orders, all at once (a retry racing its original on another
    // collector): no deadlock, and each id is accepted exactly once.
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const accepted = new Map<string, number>();
    let sent = 0;
    for (let round = 0; round < 20; round++) {
      const fresh = Array.from({ length: 60 }, () => event());
      const batches = Array.from({ length: 8 }, () => fresh.filter(() => random() < 0.6).sort(() => random() - 0.5));
      sent += new Set(batches.flat().map((e) => e.id)).size;
      const answers = await Promise.all(batches.map((b, k) => stores[k % stores.length]!.insertMany(b)));
      answers.forEach((statuses, k) => statuses.forEach((status, i) => status === 'accepted' && accepted.set(batches[k]![i]!.id, (accepted.get(batches[k]![i]!.id) ?? 0) + 1)));
    }
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    expect(accepted.size).toBe(sent);

    await client.query('UPDATE cp_schema SET version = 99');
    await client.end();
    await expect(openPostgresStore(db.url)).rejects.toThrow(/schema version 99 is newer than this collector understands/);
  });

  it('explains a missing pg, and an unreachable server without its password', async () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'pg'"), { code: 'MODULE_NOT_FOUND' });
    };
    await expect(openPostgresStore('postgres://u:secret@127.0.0.1:1/x', {}, missing)).rejects.toThrow(/optional dependency.*npm install pg/);
    const error = await openPostgresStore('postgres://u:secret@127.0.0.1:1/x').catch((e: Error) => e);
    expect(String(error)).toMatch(/^Error: PostgreSQL at 127\.0\.0\.1:1\/x: /);
    expect(String(error)).not.toContain('secret');
  });
});

describe('PostgreSQL store, least privilege', () => {
  it('runs with SELECT and INSERT only, once the tables exist', async () => {
    const db = await createTestDatabase();
    const owner = await openPostgresStore(db.url);
    await owner.close();
    const role = `cp_writer_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    // The role name is generated above from [a-z0-9]: safe to splice, as identifiers cannot be bound.
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
    await admin.query(`GRANT SELECT ON cp_schema TO ${role}`);
    await admin.query(`GRANT SELECT, INSERT ON cp_events, cp_facets TO ${role}`);
    await admin.query(`GRANT SELECT, INSERT, UPDATE ON cp_pageview_days TO ${role}`);
    await admin.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    const url = new URL(db.url);
    url.username = role;
    url.password = 'pw';
    const store = await openPostgresStore(url.toString());
    try {
      expect(await store.insertMany([event(), event(), { ...event(), type: 'pageview' }])).toEqual(['accepted', 'accepted', 'accepted']);
      expect(await store.count()).toBe(3);
      expect((await store.facets()).scaleQuestions).toEqual(['confidence']);
    } finally {
      await store.close();
      await admin.query(`DROP OWNED BY ${role}`);
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
      await db.drop();
    }
  });
});
