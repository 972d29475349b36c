/**
 * Group commit: the batches of requests that arrive together share one transaction. On SQLite every commit
 * rewrites the pages its rows touched (the tables' and indexes' newest pages, the same for every batch), so
 * sixteen batches in one commit write those pages once instead of sixteen times.
 *
 * Each request is still answered on its own terms: only after its events are committed, with its own outcomes,
 * and one batch's trouble is never another's (see `createGroupCommit`).
 */
import type { PulseEvent } from '../contract/eventShapes';
import { insertIsolated, type InsertOutcome } from './insertIsolated';
import type { EventStore, InsertBatch, InsertContext, InsertStatus } from './store';
import { isBusyError } from './storeErrors';

/** Stores one request's events, resolving once they are committed; the promise rejects with the store's error. */
export type GroupInsert = (events: readonly PulseEvent[], context: InsertContext) => Promise<InsertOutcome[]>;

interface Waiting {
  batch: InsertBatch;
  resolve: (outcomes: InsertOutcome[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Inserts through `store.insertGroup` when the store has it, gathering every batch handed over before the event loop
 * next runs I/O (one `setImmediate`: requests whose bodies arrived in the same turn), else through `insertIsolated`
 * one batch at a time.
 *
 * When the shared transaction fails, nothing of it was stored, and:
 * - the database is locked (SQLITE_BUSY): every batch of the group gets that error (each answers 503 and is sent
 *   again), since trying each in turn would wait out the lock once per batch;
 * - any other error (a value the database refuses, a full disk): each batch is stored on its own, as without grouping
 *   (`insertIsolated`: one bad event costs no other event), and gets its own outcomes or error.
 *
 * ```ts
 * const insert = createGroupCommit(store);
 * await insert(events, { receivedAt, sentAt }); // ['accepted', 'duplicate', { rejected: '…' }, …]
 * ```
 */
export function createGroupCommit(store: EventStore): GroupInsert {
  const insertGroup = store.insertGroup?.bind(store);
  if (!insertGroup) return (events, context) => insertIsolated(store, events, context);

  let waiting: Waiting[] = [];
  const flush = async () => {
    const group = waiting;
    waiting = [];
    if (group.length > 1) {
      let statuses: InsertStatus[][] | undefined;
      try {
        statuses = await insertGroup(group.map((entry) => entry.batch));
      } catch (error) {
        if (isBusyError(error)) {
          for (const entry of group) entry.reject(error);
          return;
        }
      }
      if (statuses) {
        group.forEach((entry, i) => entry.resolve(statuses[i]!));
        return;
      }
    }
    for (const { batch, resolve, reject } of group) await insertIsolated(store, batch.events, batch.context).then(resolve, reject);
  };
  return (events, context) =>
    new Promise((resolve, reject) => {
      if (waiting.length === 0) setImmediate(flush);
      waiting.push({ batch: { events, context }, resolve, reject });
    });
}
