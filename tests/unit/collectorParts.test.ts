import { describe, expect, it } from 'vitest';
import { formatAccessLog, type AccessLogEntry } from '../../src/collector/accessLog';
import { createAuth, SESSION_MS } from '../../src/collector/createAuth';
import { csvCell } from '../../src/collector/export/csvCell';
import { parseFilters } from '../../src/collector/parseFilters';
import { createRateLimiter, parseByteLimit, parseRateLimit } from '../../src/collector/rateLimit';
import { formatMean, formatPercent, formatProportion } from '../../src/collector/report/formatStats';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+1', `"'+1+1"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tcmd', `"'\tcmd"`],
    ['\r=1', `"'\r=1"`],
  ])('neutralises the formula %j', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it('quotes only what needs quoting and keeps numbers numbers', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('parseFilters', () => {
  it('reads days as UTC, with an inclusive end', () => {
    const parsed = parseFilters({ from: '2026-11-01', to: '2026-11-30', survey: 'decision-confidence', version: '3', page: 'category', device: 'mobile', type: 'answer,impression' });
    expect(parsed).toEqual({
      ok: true,
      filter: {
        since: '2026-11-01T00:00:00.000Z',
        until: '2026-12-01T00:00:00.000Z',
        surveyId: 'decision-confidence',
        surveyVersion: 3,
        pageType: 'category',
        device: 'mobile',
        type: ['answer', 'impression'],
      },
      params: { from: '2026-11-01', to: '2026-11-30', survey: 'decision-confidence', version: '3', page: 'category', device: 'mobile', type: 'answer,impression' },
      extra: {},
    });
  });

  it('treats empty values as "all", accepts ISO date-times and the extra parameters a route names', () => {
    expect(parseFilters({ from: '', page: ' ', to: '2026-11-02T12:30:00+01:00', format: 'csv' }, ['format'])).toEqual({
      ok: true,
      filter: { until: '2026-11-02T11:30:00.000Z' },
      params: { to: '2026-11-02T12:30:00+01:00' },
      extra: { format: 'csv' },
    });
  });

  it('reads the last day, 9999-12-31, as no upper bound (a five-digit year would not sort as text)', () => {
    expect(parseFilters({ from: '1970-01-01', to: '9999-12-31' })).toMatchObject({ ok: true, filter: { since: '1970-01-01T00:00:00.000Z' } });
    expect(parseFilters({ to: '9999-12-31' })).toMatchObject({ ok: true, filter: {} });
  });

  it('ignores unknown parameters when asked (the report page)', () => {
    expect(parseFilters({ page: 'category', fbclid: 'x' }, [], { ignoreUnknown: true })).toMatchObject({ ok: true, filter: { pageType: 'category' } });
  });

  it.each([
    [{ from: '2026-02-31' }, 'from: expected a day such as 2026-11-22 or an ISO date-time, from 1970 to 9999, got "2026-02-31"'],
    [{ to: 'yesterday' }, 'to: expected a day such as 2026-11-22 or an ISO date-time, from 1970 to 9999, got "yesterday"'],
    [{ from: '2026-11-05', to: '2026-11-01' }, 'from: must be before to'],
    [{ version: '1.5' }, 'version: expected a whole number, got "1.5"'],
    [{ type: 'answer,click' }, 'type: must be impression, answer, complete, dismiss, outcome, pageview (comma-separated), got "click"'],
    [{ pageType: 'category' }, 'unknown parameter "pageType" (known: from, to, survey, version, page, device, type)'],
    [{ page: ['a', 'b'] }, 'page: give it once'],
    [{ survey: 'x'.repeat(201) }, 'survey: must have at most 200 characters'],
    // Year 0 passes Date.parse, but PostgreSQL refuses it: a 400, never a 500 from the database.
    [{ from: '0000-01-01' }, 'from: expected a day such as 2026-11-22 or an ISO date-time, from 1970 to 9999, got "0000-01-01"'],
    [{ to: '1969-12-31T23:59:59Z' }, 'to: expected a day such as 2026-11-22 or an ISO date-time, from 1970 to 9999, got "1969-12-31T23:59:59Z"'],
    [{ from: '9999-12-31T23:00:00-05:00' }, 'from: expected a day such as 2026-11-22 or an ISO date-time, from 1970 to 9999, got "9999-12-31T23:00:00-05:00"'],
  ])('refuses %j with a reason', (query, error) => {
    expect(parseFilters(query)).toEqual({ ok: false, error });
  });
});

describe('formatAccessLog', () => {
  const entry: AccessLogEntry = {
    ip: '127.0.0.1',
    time: new Date('2026-11-22T09:05:03.000Z'),
    method: 'POST',
    url: '/v1/events',
    httpVersion: '1.1',
    status: 200,
    bytes: 123,
    referer: 'https://shop.example/c/shoes',
    userAgent: 'Mozilla/5.0 "quoted"\nforged line',
    ms: 3.14159,
  };

  it('writes the combined format, escaping what could forge a line', () => {
    expect(formatAccessLog('combined', entry)).toBe(
      '127.0.0.1 - - [22/Nov/2026:09:05:03 +0000] "POST /v1/events HTTP/1.1" 200 123 "https://shop.example/c/shoes" "Mozilla/5.0 \\x22quoted\\x22\\x0aforged line"',
    );
    expect(formatAccessLog('combined', { ...entry, bytes: undefined, referer: undefined, userAgent: undefined })).toMatch(/ 200 - "-" "-"$/);
  });

  it('writes JSON lines', () => {
    expect(JSON.parse(formatAccessLog('json', entry))).toEqual({
      time: '2026-11-22T09:05:03.000Z',
      ip: '127.0.0.1',
      method: 'POST',
      url: '/v1/events',
      status: 200,
      bytes: 123,
      ms: 3.1,
      referer: 'https://shop.example/c/shoes',
      userAgent: 'Mozilla/5.0 "quoted"\nforged line',
    });
  });
});

describe('rate limits', () => {
  it.each([
    ['600/min', { max: 600, windowMs: 60_000 }],
    ['600/1m', { max: 600, windowMs: 60_000 }],
    ['20/s', { max: 20, windowMs: 1000 }],
    ['1000/30s', { max: 1000, windowMs: 30_000 }],
    ['5000/hour', { max: 5000, windowMs: 3_600_000 }],
    ['off', null],
    ['0', null],
  ])('reads %s', (text, limit) => {
    expect(parseRateLimit(text)).toEqual(limit);
  });

  it.each(['600', '600/fortnight', 'x/min', '0/min'])('refuses %s', (text) => {
    expect(() => parseRateLimit(text)).toThrow(/must look like 600\/min/);
  });

  it('refills continuously and answers the seconds until the next request', () => {
    let t = 0;
    const take = createRateLimiter({ max: 2, windowMs: 10_000 }, () => t);
    expect([take('a'), take('a'), take('a'), take('b')]).toEqual([0, 0, 5, 0]);
    t = 5000;
    expect([take('a'), take('a')]).toEqual([0, 5]);
  });

  it('charges a cost (a body\'s bytes), and a cost above the budget takes a full bucket', () => {
    let t = 0;
    const take = createRateLimiter({ max: 1000, windowMs: 10_000 }, () => t);
    expect([take('a', 600), take('a', 600)]).toEqual([0, 2]);
    expect(take('b', 5000)).toBe(0);
    expect(take('b', 1)).toBe(1);
    t = 10_000;
    expect(take('b', 5000)).toBe(0);
  });

  it.each([
    ['10MB/min', { max: 10 * 1024 * 1024, windowMs: 60_000 }],
    ['512KB/s', { max: 512 * 1024, windowMs: 1000 }],
    ['1gb/h', { max: 1024 ** 3, windowMs: 3_600_000 }],
    ['2000/30s', { max: 2000, windowMs: 30_000 }],
    ['off', null],
  ])('reads the byte budget %s', (text, limit) => {
    expect(parseByteLimit(text)).toEqual(limit);
  });

  it.each(['10MB', '10TB/min', 'lots/min', '0MB/min', '10MB/fortnight'])('refuses the byte budget %s', (text) => {
    expect(() => parseByteLimit(text)).toThrow(/byte limit must look like 10MB\/min/);
  });
});

describe('createAuth', () => {
  it('is open without a token', () => {
    const auth = createAuth(undefined);
    expect(auth.open).toBe(true);
    expect(auth.isAuthorized({})).toBe(true);
    expect(auth.isToken('')).toBe(false);
  });

  it('accepts the bearer token only', () => {
    const auth = createAuth('s3cret');
    expect(auth.isAuthorized({ authorization: 'Bearer s3cret' })).toBe(true);
    expect(auth.isAuthorized({ authorization: 'bearer s3cret ' })).toBe(true);
    expect(auth.isAuthorized({ authorization: 'Bearer s3cret2' })).toBe(false);
    expect(auth.isAuthorized({ authorization: 's3cret' })).toBe(false);
    expect(auth.isAuthorized({})).toBe(false);
  });

  it('issues an HttpOnly, SameSite=Strict session cookie that expires and dies with the token', () => {
    let now = 1_000_000;
    const auth = createAuth('s3cret', () => now);
    const setCookie = auth.sessionCookie(false);
    expect(setCookie).toMatch(/^cp_session=\d+\.[\w-]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(auth.sessionCookie(true)).toMatch(/; Secure$/);
    const cookie = `theme=dark; ${setCookie.split(';')[0]}`;
    expect(auth.isAuthorized({ cookie })).toBe(true);
    // Any collector with the same token accepts it; another token does not.
    expect(createAuth('s3cret', () => now).isAuthorized({ cookie })).toBe(true);
    expect(createAuth('other', () => now).isAuthorized({ cookie })).toBe(false);
    // A forged expiry breaks the signature.
    expect(auth.isAuthorized({ cookie: cookie.replace(/=(\d)/, '=9') })).toBe(false);
    now += SESSION_MS + 1;
    expect(auth.isAuthorized({ cookie })).toBe(false);
    expect(auth.clearCookie(false)).toBe('cp_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict');
  });
});

describe('formatStats', () => {
  it('writes percentages, proportions and means with their intervals', () => {
    expect(formatPercent(0.384)).toBe('38%');
    expect(formatPercent(0.035)).toBe('3.5%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatProportion({ p: 0.5, low: 0.25, high: 0.75, successes: 2, n: 4 })).toBe('50% (25%–75%)');
    expect(formatProportion(null)).toBe('–');
    expect(formatMean({ mean: 3.2, low: 2.91, high: 3.5, n: 10, weight: 10, effectiveN: 10 })).toBe('3.2 (2.91–3.5)');
    expect(formatMean({ mean: 4, low: null, high: null, n: 1, weight: 1, effectiveN: 1 })).toBe('4');
    expect(formatMean({ mean: 41.26, low: 30, high: 52.5, n: 9, weight: 9, effectiveN: 9 })).toBe('41.3 (30–52.5)');
  });
});
