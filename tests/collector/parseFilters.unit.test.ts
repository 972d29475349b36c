import { describe, expect, it } from 'vitest';
import { parseFilters } from '../../src/collector/parseFilters';

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
