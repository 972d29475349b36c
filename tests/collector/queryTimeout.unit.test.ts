import { describe, expect, it } from 'vitest';
import { isStatementTimeout, QueryTimeoutError } from '../../src/collector/queryTimeout';

const cancel = (message: string, code = '57014') => Object.assign(new Error(message), { code });

describe('isStatementTimeout', () => {
  it("tells PostgreSQL's statement timeout from an administrator's cancel, in English and by the time otherwise", () => {
    expect(isStatementTimeout(cancel('canceling statement due to statement timeout'), 5, 1000)).toBe(true);
    expect(isStatementTimeout(cancel('canceling statement due to user request'), 5000, 1000)).toBe(false);
    // lc_messages = 'de_DE': the reason is translated; the read lasted the limit, so the limit fired.
    expect(isStatementTimeout(cancel('storniere Anfrage wegen Zeitüberschreitung der Anweisung'), 1000, 1000)).toBe(true);
    expect(isStatementTimeout(cancel('storniere Anfrage wegen Benutzeraufforderung'), 10, 1000)).toBe(false);
    expect(isStatementTimeout(cancel('canceling statement due to statement timeout', '57P01'), 5000, 1000)).toBe(false);
    expect(isStatementTimeout(cancel('canceling statement due to statement timeout'), 5000, 0)).toBe(false);
    expect(isStatementTimeout(undefined, 5000, 1000)).toBe(false);
  });

  it('words the limit in seconds or milliseconds, with the flag that sets it', () => {
    expect(new QueryTimeoutError('report', 30_000).message).toMatch(/^the report took longer than 30 s, .*--report-timeout/);
    expect(new QueryTimeoutError('export', 1).message).toMatch(/^reading the export took longer than 1 ms, .*--export-timeout/);
    expect(new QueryTimeoutError('report', 1).statusCode).toBe(503);
  });
});
