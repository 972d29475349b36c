/**
 * When the database is locked, stuck, or refuses one event: real collectors on a SQLite file and on PostgreSQL.
 * A lock is taken by a second connection, as another process would; a refused event is made with a constraint
 * the test adds, since the collector's own checks now keep out every value known to be refused.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../../src/collector/index';
import { answerEvent, batch, post, start, stopAll } from './helpers';
import { createTestDatabase, type TestDatabase } from './testDatabase';

const databases: TestDatabase[] = [];
const clients: pg.Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
  await stopAll();
});
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

async function postgresUrl(): Promise<string> {
  const db = await createTestDatabase();
  databases.push(db);
  return db.url;
}

async function pgClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

/** Posts like the widget: again after each 503, until the answer is final. */
async function postUntilStored(collector: RunningCollector, body: unknown): Promise<Response> {
  for (;;) {
    const response = await post(collector, body);
    if (response.status !== 503) return response;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after')) * 1000));
  }
}

describe('a SQLite file another process keeps locked', () => {
  it('/healthz and ingest answer 503 at once, and the batch is stored once the lock goes', async () => {
    const collector = await start();
    const other = new Database(collector.db);
    other.exec('BEGIN IMMEDIATE');
    try {
      const health = await fetch(`${collector.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ ok: false, error: 'database locked' });
      const sent = batch([answerEvent(), answerEvent()]);
      const refused = await post(collector, sent);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await refused.json()).toEqual({ error: 'the database is busy: send this batch again later' });
      // Still locked a moment later: still a fast 503, from the guard or from a short wait on the lock.
      expect((await post(collector, sent)).status).toBe(503);

      other.exec('ROLLBACK');
      const stored = await postUntilStored(collector, sent);
      expect(stored.status).toBe(200);
      expect(await stored.json()).toMatchObject({ accepted: 2, duplicate: 0 });
      expect(await collector.store.count()).toBe(2);
      expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
    } finally {
      other.close();
    }
  });
});

describe('one event the database refuses', () => {
  it('SQLite: only that event is rejected, with the database\'s reason; the others are stored', async () => {
    const collector = await start();
    const admin = new Database(collector.db);
    admin.exec("CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.page_path = '/poison' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END");
    admin.close();
    const [first, poison, last] = [answerEvent(), answerEvent({ page: { type: 'category', path: '/poison' } }), answerEvent()];
    const response = await post(collector, batch([first, poison, last]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      results: [
        { id: first.id, status: 'accepted' },
        { id: poison.id, status: 'rejected', reason: '(event): the database refused it (SQLITE_CONSTRAINT_TRIGGER: poisoned row)' },
        { id: last.id, status: 'accepted' },
      ],
      accepted: 2,
      duplicate: 0,
      rejected: 1,
    });
    // A retry of the same batch stores nothing twice.
    expect(await (await post(collector, batch([first, poison, last]))).json()).toMatchObject({ accepted: 0, duplicate: 2, rejected: 1 });
    expect(await collector.store.count()).toBe(2);
  });

  it('PostgreSQL: only that event is rejected; year 0000 never reaches the database; date filters answer 400', async () => {
    const url = await postgresUrl();
    const collector = await start({ db: url });
    const admin = await pgClient(url);
    await admin.query("ALTER TABLE cp_events ADD CONSTRAINT poison CHECK (page_path <> '/poison')");
    const [first, poison, ancient, last] = [
      answerEvent(),
      answerEvent({ page: { type: 'category', path: '/poison' } }),
      answerEvent({ ts: '0000-01-01T00:00:00.000Z' }),
      answerEvent(),
    ];
    const response = await post(collector, batch([first, poison, ancient, last]));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 2, duplicate: 0, rejected: 2 });
    expect(body.results[1]).toEqual({ id: poison.id, status: 'rejected', reason: expect.stringMatching(/^\(event\): the database refused it \(23514: .*"poison"/) });
    expect(body.results[2]).toEqual({ id: ancient.id, status: 'rejected', reason: expect.stringMatching(/^ts: must be from 2020-01-01 /) });
    expect(await collector.store.count()).toBe(2);

    for (const path of ['/?from=0000-01-01', '/v1/export?from=0000-01-01', '/v1/export?to=0000-12-31']) {
      const filtered = await fetch(`${collector.url}${path}`);
      expect(filtered.status, path).toBe(400);
      expect(await filtered.text(), path).toMatch(/(from|to): expected a day such as 2026-11-22 or an ISO date-time, from 1970 to 9999/);
    }
  });

  it('PostgreSQL: /healthz answers 503 in time while every connection waits on a lock, and the batches go in after', async () => {
    const url = await postgresUrl();
    const collector = await start({ db: url });
    const locker = await pgClient(url);
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE cp_events IN ACCESS EXCLUSIVE MODE');
    // Ten inserts take the collector's ten connections, each waiting on the lock.
    const posts = Array.from({ length: 10 }, () => post(collector, batch([answerEvent()])));
    const watcher = await pgClient(url);
    for (;;) {
      const { rows } = await watcher.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'confidence-pulse' AND wait_event_type = 'Lock'",
      );
      if (Number(rows[0]!.n) >= 10) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const health = await fetch(`${collector.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, error: 'database did not answer within 500 ms' });
    await locker.query('COMMIT');
    for (const response of await Promise.all(posts)) expect((await response.json()).accepted).toBe(1);
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
  });
});
