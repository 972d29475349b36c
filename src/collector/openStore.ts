import { resolve } from 'node:path';
import { openPostgresStore, type PostgresStoreOptions } from './openPostgres';
import { openSqliteStore } from './openSqlite';
import type { EventStore } from './store';

/** True for the `--db` values that name a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/**
 * Opens the store a `--db` value names: `postgres://…` (or `postgresql://…`) connects to PostgreSQL,
 * `:memory:` is a SQLite store in memory, anything else a SQLite file, created and migrated if needed.
 * `postgres` applies to a PostgreSQL store only (the report's and the export's time limits).
 *
 * ```ts
 * const store = await openStore(process.env.CP_DB ?? './pulse.sqlite');
 * ```
 */
export async function openStore(db: string, postgres: PostgresStoreOptions = {}): Promise<EventStore> {
  if (isPostgresUrl(db)) return openPostgresStore(db, postgres);
  // SQLite's own name for a database in memory; resolved as a path it would become a file called ":memory:".
  return openSqliteStore(db === IN_MEMORY ? db : resolve(db));
}

/** `--db :memory:`: a SQLite store that lives as long as the process (trials, tests). */
const IN_MEMORY = ':memory:';
