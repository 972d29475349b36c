/**
 * Collectors on PostgreSQL: several stateless ones sharing one database behind a (pretend) load balancer,
 * and the same answers as a SQLite collector given the same events.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../../src/collector/index';
import { seedEvents } from '../fixtures/seedEvents';
import type { PulseEvent } from '../../src/contract/eventShapes';
import { answerEvent, batch, post, start, stopAll } from './helpers';
import { createTestDatabase, type TestDatabase } from './testDatabase';
import { expectClose } from '../fixtures/expectClose';

const databases: TestDatabase[] = [];
afterEach(stopAll);
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

async function database(): Promise<string> {
  const db = await createTestDatabase();
  databases.push(db);
  return db.url;
}

const auth = { authorization: 'Bearer s3cret' };

async function postAll(collector: RunningCollector, events: readonly unknown[]): Promise<void> {
  for (let i = 0; i < events.length; i += 200) {
    const response = await post(collector, batch(events.slice(i, i + 200)));
    expect(response.status).toBe(200);
  }
}

/** The report's numbers, from the JSON block the charts read. */
async function reportData(collector: RunningCollector, query = ''): Promise<unknown> {
  const html = await (await fetch(`${collector.url}/${query}`, { headers: auth })).text();
  const json = /<script type="application\/json" id="cp-report-data">(.*?)<\/script>/s.exec(html)?.[1];
  const data = JSON.parse(json!) as { context: { asOf?: string } };
  // The report's clock differs between two requests; everything computed must not.
  delete data.context.asOf;
  return data;
}

describe('PostgreSQL collectors', () => {
  it('share one database: each event is stored once whichever collector gets it, and every collector reports it', async () => {
    const url = await database();
    const [a, b] = await Promise.all([start({ db: url, token: 's3cret' }), start({ db: url, token: 's3cret' })]);
    expect(a.db).toMatch(/^127\.0\.0\.1:\d+\/cp_test_/);
    expect(a.db).not.toContain('postgres@');

    const events = Array.from({ length: 50 }, (_, i) => answerEvent({ responseId: `r${i}`, answer: { value: 1 + (i % 5) } }));
    // A retry lands on the other collector, as it would behind a load balancer.
    const [first, retry] = await Promise.all([post(a, batch(events)), post(b, batch(events))]);
    const results = [await first.json(), await retry.json()];
    expect(results[0].accepted + results[1].accepted).toBe(50);
    expect(results[0].duplicate + results[1].duplicate).toBe(50);

    const [fromA, fromB] = await Promise.all([reportData(a), reportData(b)]);
    expect(fromA).toEqual(fromB);
    expect(fromA).toMatchObject({ counts: { answers: 50, confidenceAnswers: 50 } });
    const exportA = await (await fetch(`${a.url}/v1/export?format=ndjson`, { headers: auth })).text();
    expect(exportA).toBe(await (await fetch(`${b.url}/v1/export?format=ndjson`, { headers: auth })).text());
    expect(exportA.split('\n')).toHaveLength(51);
  });

  it('/healthz answers the database size, pg_database_size, which grows with what is stored', async () => {
    const collector = await start({ db: await database() });
    const before = await (await fetch(`${collector.url}/healthz`)).json();
    expect(before).toEqual({ ok: true, databaseBytes: expect.any(Number) });
    const text = 'x'.repeat(1000);
    // Stored directly: a single request of this size would be over the body limit.
    const events = Array.from({ length: 500 }, () => answerEvent({ question: { id: 'q', type: 'text', text } }) as PulseEvent);
    expect(await collector.store.insertMany(events)).toHaveLength(500);
    const { databaseBytes } = await (await fetch(`${collector.url}/healthz`)).json();
    expect(databaseBytes).toBeGreaterThan(before.databaseBytes + 500_000);
  });

  it('report and export the same as SQLite for the same events', async () => {
    const [sqlite, postgres] = await Promise.all([start({ token: 's3cret' }), start({ db: await database(), token: 's3cret' })]);
    const events = seedEvents({ visitors: 120 });
    await Promise.all([postAll(sqlite, events), postAll(postgres, events)]);

    for (const query of ['', '?page=comparison', '?device=mobile&outcome=purchase', '?from=2026-11-05&to=2026-11-12&survey=decision-confidence&version=2']) {
      // SQLite folds its default view from rollups, PostgreSQL visitor by visitor: the same sums, added in another order.
      expectClose(await reportData(postgres, query), await reportData(sqlite, query), `report${query}`);
    }
    const ndjson = async (c: RunningCollector) => (await fetch(`${c.url}/v1/export?format=ndjson&type=answer,outcome`, { headers: auth })).text();
    const fromSqlite = await ndjson(sqlite);
    expect(fromSqlite.length).toBeGreaterThan(1000);
    expect(await ndjson(postgres)).toBe(fromSqlite);
  });
});
