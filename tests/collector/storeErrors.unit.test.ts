import { describe, expect, it } from 'vitest';
import { createBusyGuard } from '../../src/collector/busyGuard';
import { describeDataError, isBusyError, isDataError } from '../../src/collector/storeErrors';

describe('store errors', () => {
  const error = (code: string) => Object.assign(new Error('boom'), { code });
  it('tells a locked database from refused values and from everything else', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', '55P03', '40P01', '40001']) expect(isBusyError(error(code)), code).toBe(true);
    for (const code of ['SQLITE_CONSTRAINT_CHECK', 'SQLITE_CONSTRAINT_TRIGGER', 'SQLITE_TOOBIG', '22008', '23514', '22P02', '54000']) expect(isDataError(error(code)), code).toBe(true);
    for (const code of ['SQLITE_IOERR', 'SQLITE_BUSY', 'ECONNREFUSED', '57P01', '08006', '']) expect(isDataError(error(code)), code).toBe(false);
    expect(isBusyError(new Error('no code'))).toBe(false);
    expect(describeDataError(error('22008'))).toBe('(event): the database refused it (22008: boom)');
  });
  it('leaves a locked database alone for a second, then tries again', () => {
    let now = 0;
    const guard = createBusyGuard(() => now);
    expect(guard.trip(error('ECONNREFUSED'))).toBe(false);
    expect(guard.busy()).toBe(false);
    expect(guard.trip(error('SQLITE_BUSY'))).toBe(true);
    expect(guard.busy()).toBe(true);
    now = 999;
    expect(guard.busy()).toBe(true);
    now = 1000;
    expect(guard.busy()).toBe(false);
  });
});
