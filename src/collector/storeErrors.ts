/**
 * What a store's error means for the request that met it. better-sqlite3 names its errors with SQLite's codes
 * (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_CHECK`, …), `pg` with PostgreSQL's five-character SQLSTATE.
 */

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

/**
 * The database is locked or a transaction lost a race: the same write will succeed shortly, so the client is told
 * to retry (503 with `Retry-After`) rather than waited on.
 */
export function isBusyError(error: unknown): boolean {
  const code = codeOf(error);
  return (
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_LOCKED') ||
    // lock_not_available, deadlock_detected, serialization_failure
    code === '55P03' ||
    code === '40P01' ||
    code === '40001'
  );
}

const SQLITE_DATA_ERRORS = ['SQLITE_CONSTRAINT', 'SQLITE_TOOBIG', 'SQLITE_MISMATCH', 'SQLITE_RANGE'];

/**
 * The database refused these values, and would refuse them again: a date it cannot represent, a value out of
 * range, a broken constraint. Another event of the same batch may well go in, so the store retries one by one.
 */
export function isDataError(error: unknown): boolean {
  const code = codeOf(error);
  if (code.startsWith('SQLITE_')) return SQLITE_DATA_ERRORS.some((prefix) => code.startsWith(prefix));
  // PostgreSQL classes 22 (data exception) and 23 (integrity constraint violation), and 54000 (a value too
  // large for an index row).
  return /^(22|23)[0-9A-Z]{3}$/.test(code) || code === '54000';
}

/** The reason given for an event the database refused, e.g. `the database refused it (22008: date/time field value out of range: …)`. */
export function describeDataError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `(event): the database refused it (${codeOf(error)}: ${message.slice(0, 200)})`;
}
