/**
 * Stores a batch so that one event the database refuses never costs the others: the batch goes in one
 * transaction as usual, and only when the database refuses its values are the events retried one by one,
 * the refused ones answered `rejected` with the database's reason.
 */
import type { PulseEvent } from '../contract/eventShapes';
import type { EventStore, InsertContext, InsertStatus } from './store';
import { describeDataError, isDataError } from './storeErrors';

/** What happened to one event: stored, already stored, or refused by the database (with why). */
export type InsertOutcome = InsertStatus | { rejected: string };

/**
 * Inserts `events`, answering an outcome per event in order. Errors that are not about the values (a lock, a
 * lost connection) are thrown: the whole batch is then retried by the client, and events already stored by
 * the one-by-one pass come back as `duplicate`.
 */
export async function insertIsolated(store: EventStore, events: readonly PulseEvent[], context: InsertContext): Promise<InsertOutcome[]> {
  try {
    return await store.insertMany(events, context);
  } catch (error) {
    if (!isDataError(error)) throw error;
  }
  const outcomes: InsertOutcome[] = [];
  for (const event of events) {
    try {
      outcomes.push((await store.insertMany([event], context))[0]!);
    } catch (error) {
      if (!isDataError(error)) throw error;
      outcomes.push({ rejected: describeDataError(error) });
    }
  }
  return outcomes;
}
