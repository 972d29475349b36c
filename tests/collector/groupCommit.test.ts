/**
 * Group commit: batches handed over in the same turn share one SQLite transaction, and each is answered as if it
 * had been stored alone. Real SQLite files throughout; a refused value is made with a trigger, a lock with a second
 * connection, and a failing disk with a store that wraps the real one and throws for one batch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector, openSqliteStore, type EventStore, type SqliteEventStore } from '../../src/collector/index';
import { createGroupCommit } from '../../src/collector/groupCommit';
import type { PulseEvent } from '../../src/contract/eventShapes';
import { answerEvent, batch, post, start, stopAll } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await stopAll();
});

function openTempStore(): SqliteEventStore {
  const dir = mkdtempSync(join(tmpdir(), 'cp-group-'));
  const store = openSqliteStore(join(dir, 'pulse.sqlite'));
  cleanups.push(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

const event = (overrides: Record<string, unknown> = {}) => answerEvent(overrides) as PulseEvent;

/** Counts the store's group transactions, passing each on to the real store. */
function countGroups(store: SqliteEventStore): number[] {
  const sizes: number[] = [];
  const insertGroup = store.insertGroup.bind(store);
  store.insertGroup = (batches) => {
    sizes.push(batches.length);
    return insertGroup(batches);
  };
  return sizes;
}

/** The error a failing disk gives: not about the values, so not answered per event. */
function diskError(): Error {
  return Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
}

/** The real store, except that any write holding an event on `/broken` fails as a broken disk would. */
function breakingOn(store: SqliteEventStore): EventStore {
  const broken = (events: readonly PulseEvent[]) => events.some((e) => e.page.path === '/broken');
  return {
    ...store,
    insertMany(events, context) {
      if (broken(events)) throw diskError();
      return store.insertMany(events, context);
    },
    insertGroup(batches) {
      if (batches.some((b) => broken(b.events))) throw diskError();
      return store.insertGroup(batches);
    },
  };
}

describe('createGroupCommit on a SQLite file', () => {
  it('stores batches handed over together in one transaction, answering each its own outcomes and times', async () => {
    const store = openTempStore();
    const groups = countGroups(store);
    const insert = createGroupCommit(store);
    const [a1, a2, b1] = [event(), event(), event()];
    const [first, second] = await Promise.all([
      insert([a1, a2], { receivedAt: '2026-12-01T10:00:00.000Z', sentAt: '2026-12-01T09:59:59.000Z' }),
      // The second repeats an event of the first, as a retry racing its original does.
      insert([b1, a1], { receivedAt: '2026-12-01T10:00:01.000Z', sentAt: '2026-12-01T10:00:00.500Z' }),
    ]);
    expect(groups).toEqual([2]);
    expect(first).toEqual(['accepted', 'accepted']);
    expect(second).toEqual(['accepted', 'duplicate']);
    const stored = new Map(store.all().map((row) => [row.id, row]));
    expect(stored.size).toBe(3);
    expect(stored.get(a1.id)).toMatchObject({ receivedAt: '2026-12-01T10:00:00.000Z', sentAt: '2026-12-01T09:59:59.000Z' });
    expect(stored.get(b1.id)).toMatchObject({ receivedAt: '2026-12-01T10:00:01.000Z', sentAt: '2026-12-01T10:00:00.500Z' });

    // Handed over one after the other, each batch is its own transaction.
    await insert([event()], {});
    expect(groups).toEqual([2]);
    expect(store.count()).toBe(4);
  });

  it('an event the database refuses costs no other event, in its batch or another; a retry stores nothing twice', async () => {
    const store = openTempStore();
    const admin = new Database(store.path);
    admin.exec("CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.page_path = '/poison' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END");
    admin.close();
    const insert = createGroupCommit(store);
    const poisoned = [event(), event({ page: { type: 'category', path: '/poison' } })];
    const clean = [event(), event()];
    const refused = { rejected: '(event): the database refused it (SQLITE_CONSTRAINT_TRIGGER: poisoned row)' };
    expect(await Promise.all([insert(poisoned, {}), insert(clean, {})])).toEqual([
      ['accepted', refused],
      ['accepted', 'accepted'],
    ]);
    expect(await Promise.all([insert(poisoned, {}), insert(clean, {})])).toEqual([
      ['duplicate', refused],
      ['duplicate', 'duplicate'],
    ]);
    expect(store.count()).toBe(3);
  });

  it('a batch whose write fails gets the error; the other batches of its group are stored', async () => {
    const store = openTempStore();
    const insert = createGroupCommit(breakingOn(store));
    const good = [event(), event()];
    const [broken, stored] = await Promise.allSettled([insert([event(), event({ page: { type: 'category', path: '/broken' } })], {}), insert(good, {})]);
    expect(broken).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_IOERR' } });
    expect(stored).toEqual({ status: 'fulfilled', value: ['accepted', 'accepted'] });
    expect(store.all().map((row) => row.id).sort()).toEqual(good.map((e) => e.id).sort());
  });

  it('a locked database fails every batch of the group at once, stores none, and a retry stores each once', async () => {
    const store = openTempStore();
    const groups = countGroups(store);
    const insert = createGroupCommit(store);
    const [a, b] = [[event(), event()], [event()]];
    const other = new Database(store.path);
    other.exec('BEGIN IMMEDIATE');
    const locked = await Promise.allSettled([insert(a, {}), insert(b, {})]);
    other.exec('ROLLBACK');
    other.close();
    expect(locked.map((result) => result.status === 'rejected' && (result.reason as { code?: string }).code)).toEqual(['SQLITE_BUSY', 'SQLITE_BUSY']);
    // One wait on the lock for the whole group, not one per batch.
    expect(groups).toEqual([2]);
    expect(store.count()).toBe(0);
    expect(await Promise.all([insert(a, {}), insert(b, {})])).toEqual([['accepted', 'accepted'], ['accepted']]);
    expect(store.count()).toBe(3);
  });
});

describe('POST /v1/events with group commit', () => {
  it('two concurrent requests, one with an invalid event: each gets its own answer, and a retry stores nothing twice', async () => {
    const collector = await start();
    const [good1, good2, good3] = [answerEvent(), answerEvent(), answerEvent()];
    const invalid = answerEvent({ answer: { value: 2 }, survey: { id: 'decision-confidence', version: 1, sampleRate: 7 } });
    const send = () => Promise.all([post(collector, batch([good1, invalid])), post(collector, batch([good2, good3]))]);
    const [first, second] = await send();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await first.json()).toEqual({
      results: [
        { id: good1.id, status: 'accepted' },
        { id: invalid.id, status: 'rejected', reason: 'survey.sampleRate: must be at most 1' },
      ],
      accepted: 1,
      duplicate: 0,
      rejected: 1,
    });
    expect(await second.json()).toMatchObject({ accepted: 2, duplicate: 0, rejected: 0 });
    const again = await send();
    expect(await again[0]!.json()).toMatchObject({ accepted: 0, duplicate: 1, rejected: 1 });
    expect(await again[1]!.json()).toMatchObject({ accepted: 0, duplicate: 2, rejected: 0 });
    expect(await collector.store.count()).toBe(3);
  });

  it('a request whose write fails gets 500, the one beside it 200 with its events stored; a locked database answers 503 to each', async () => {
    const store = openTempStore();
    const app = createCollector({ store: breakingOn(store) });
    cleanups.unshift(() => void app.close());
    const inject = (events: unknown[]) =>
      app.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(batch(events)) });
    const good = [answerEvent(), answerEvent()];
    const [failed, stored] = await Promise.all([inject([answerEvent({ page: { type: 'category', path: '/broken' } })]), inject(good)]);
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toEqual({ error: 'internal error' });
    expect(stored.statusCode).toBe(200);
    expect(stored.json()).toMatchObject({ accepted: 2, rejected: 0 });
    expect(store.count()).toBe(2);

    const other = new Database(store.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const busy = await Promise.all([inject([answerEvent()]), inject([answerEvent()])]);
      expect(busy.map((response) => [response.statusCode, response.headers['retry-after']])).toEqual([
        [503, '1'],
        [503, '1'],
      ]);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(store.count()).toBe(2);
  });
});
