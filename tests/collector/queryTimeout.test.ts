/**
 * PostgreSQL's `statement_timeout` on the report's and the export's queries, against the real server: the real
 * report query over a seeded database, with a limit far below what it takes. Ingest never gets the limit.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/createCollector';
import { openPostgresStore } from '../../src/collector/openPostgres';
import { QueryTimeoutError } from '../../src/collector/queryTimeout';
import type { EventStore } from '../../src/collector/store';
import { answerEvent } from '../fixtures/events';
import { seedEvents } from '../fixtures/seedEvents';
import { batch } from './helpers';
import { createTestDatabase, type TestDatabase } from './testDatabase';

const databases: TestDatabase[] = [];
const stores: EventStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await Promise.all(databases.map((db) => db.drop()));
});

/** A database holding a realistic stream of events (about 3,000), stored through the store. */
async function seededDatabase(): Promise<string> {
  const db = await createTestDatabase();
  databases.push(db);
  const store = await openPostgresStore(db.url);
  const events = seedEvents({ visitors: 300 });
  for (let i = 0; i < events.length; i += 500) await store.insertMany(events.slice(i, i + 500));
  await store.close();
  return db.url;
}

const auth = { authorization: 'Bearer s3cret' };

describe('statement_timeout on PostgreSQL', () => {
  it('cancels a report past its limit: 503 saying what to do, and the same connection then ingests without a limit', async () => {
    const url = await seededDatabase();
    // One connection: the report's and ingest's statements run on the same one, so a limit that outlived the
    // report's transaction would cancel the insert below (a thousand rows and their indexes take far over 1 ms).
    const store = await openPostgresStore(url, { maxConnections: 1, reportTimeoutMs: 1 });
    stores.push(store);
    const app = createCollector({ store, token: 's3cret', bodyLimit: 4 * 1024 * 1024 });

    const page = await app.inject({ url: '/', headers: { ...auth, accept: 'text/html,application/xhtml+xml' } });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('the report took longer than 1 ms, the limit for one report query (--report-timeout): narrow the dates or filters, or raise the limit');
    const json = await app.inject({ url: '/', headers: auth });
    expect(json.statusCode).toBe(503);
    expect(json.json()).toEqual({ error: expect.stringMatching(/^the report took longer than 1 ms/) });

    const events = Array.from({ length: 1000 }, (_, i) => answerEvent({ responseId: `r${i}` }));
    const ingest = await app.inject({ method: 'POST', url: '/v1/events', payload: batch(events) });
    expect(ingest.statusCode).toBe(200);
    expect(ingest.json()).toMatchObject({ accepted: 1000, rejected: 0 });
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });

  it('lets the same report through with the default limit', async () => {
    const url = await seededDatabase();
    const store = await openPostgresStore(url, { maxConnections: 1 });
    stores.push(store);
    const app = createCollector({ store, token: 's3cret' });
    const page = await app.inject({ url: '/', headers: auth });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('cp-report-data');
    await app.close();
  });

  it('limits each page an export reads, not the whole export', async () => {
    const url = await seededDatabase();
    const limited = await openPostgresStore(url, { exportTimeoutMs: 1 });
    stores.push(limited);
    // One page of every event: far over 1 ms to read.
    const read = async () => {
      for await (const _page of limited.scan({}, { pageSize: 100_000 })) void _page;
    };
    const error = await read().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QueryTimeoutError);
    expect((error as Error).message).toMatch(/^reading the export took longer than 1 ms.*--export-timeout/);
    // Without a limit the same read completes, page after page.
    const open = await openPostgresStore(url, { exportTimeoutMs: 0 });
    stores.push(open);
    let rows = 0;
    for await (const page of open.scan({}, { pageSize: 1000 })) rows += page.length;
    expect(rows).toBe(await open.count());
  });
});
