import { resolve } from 'node:path';
import { openPostgresStore } from './openPostgres';
import { openSqliteStore } from './openSqlite';
import type { EventStore } from './store';

/** True for the `--db` values that name a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/**
 * Opens the store a `--db` value names: `postgres://…` (or `postgresql://…`) connects to PostgreSQL,
 * anything else is a SQLite file, created and migrated if needed.
 *
 * ```ts
 * const store = await openStore(process.env.CP_DB ?? './pulse.sqlite');
 * ```
 */
export async function openStore(db: string): Promise<EventStore> {
  return isPostgresUrl(db) ? openPostgresStore(db) : openSqliteStore(resolve(db));
}
