/** GET /v1/export against a running collector: access, CSV safety and quoting, NDJSON, filters, refusals. */
import { afterEach, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../../src/collector/export/exportColumns';
import type { RunningCollector } from '../../src/collector/index';
import { answerEvent, batch, parseCsv, post, start, stopAll } from './helpers';

afterEach(stopAll);

const auth = { authorization: 'Bearer s3cret' };

function exportText(collector: RunningCollector, query: string, headers: Record<string, string> = auth) {
  return fetch(`${collector.url}/v1/export?${query}`, { headers });
}

describe('GET /v1/export', () => {
  it('requires the token', async () => {
    const collector = await start({ token: 's3cret' });
    const none = await exportText(collector, 'format=csv', {});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await exportText(collector, 'format=csv', { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await exportText(collector, 'format=csv')).status).toBe(200);
  });

  it('writes one CSV row per event with flattened signals, formulas neutralised and fields quoted', async () => {
    const collector = await start({ token: 's3cret' });
    const formula = answerEvent({
      ts: '2026-11-22T10:00:00.000Z',
      question: { id: 'why', type: 'text', text: 'Why, "exactly"?' },
      answer: { value: '=HYPERLINK("http://evil.example","click")', other: 'two\nlines, "quoted"' },
      signals: { activeMs: 4100, maxScrollDepth: 0.62, journey: ['category', 'comparison'], viewport: 'mobile', wishlist: 2 },
    });
    const plus = answerEvent({ ts: '2026-11-22T10:00:01.000Z', question: { id: 'why', type: 'text' }, answer: { value: '+cmd|/C calc', label: '@SUM(A1)' } });
    const numbers = answerEvent({ ts: '2026-11-22T10:00:02.000Z', answer: { value: -2 }, question: { id: 'delta', type: 'scale', min: -3, max: 3 } });
    await post(collector, batch([numbers, plus, formula]));

    const response = await exportText(collector, 'format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="confidence-pulse-\d{8}-\d{6}\.csv"$/);
    const text = await response.text();
    // The raw text never starts a field with a formula character.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).not.toMatch(/(^|,)[=+@]/m);

    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(EXPORT_COLUMNS);
    expect(rows).toHaveLength(3);
    const records = rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]])));
    expect(records.map((r) => r.id)).toEqual([formula.id, plus.id, numbers.id]);
    expect(records[0]).toMatchObject({
      type: 'answer',
      ts: '2026-11-22T10:00:00.000Z',
      question_text: 'Why, "exactly"?',
      answer_value: `'=HYPERLINK("http://evil.example","click")`,
      answer_other: 'two\nlines, "quoted"',
      'signals.activeMs': '4100',
      'signals.maxScrollDepth': '0.62',
      'signals.journey': 'category;comparison',
      'signals.viewport': 'mobile',
      device: 'mobile',
      signals_other: '{"wishlist":2}',
    });
    expect(records[1]).toMatchObject({ answer_value: "'+cmd|/C calc", answer_label: "'@SUM(A1)" });
    // A number we wrote stays a number, even when negative.
    expect(records[2]).toMatchObject({ answer_value: '-2', question_min: '-3', question_max: '3' });
  });

  it('guards every item of a ;-joined list, which Text to Columns splits into cells', async () => {
    const collector = await start();
    const choice = answerEvent({ question: { id: 'help', type: 'choice', multiple: true }, answer: { value: ['reviews', '@SUM(1+1)', '=1+1'] } });
    const journey = answerEvent({ signals: { journey: ['category', '-2+3', '+cmd'] } });
    await post(collector, batch([choice, journey]));
    const [header, ...rows] = parseCsv(await (await exportText(collector, 'format=csv')).text());
    const records = rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]])));
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.get(choice.id)!.answer_value).toBe("reviews;'@SUM(1+1);'=1+1");
    expect(byId.get(journey.id)!['signals.journey']).toBe("category;'-2+3;'+cmd");
  });

  it('writes NDJSON, one event per line exactly as accepted', async () => {
    const collector = await start({ token: 's3cret' });
    const events = [answerEvent({ ts: '2026-11-22T10:00:00.000Z' }), answerEvent({ ts: '2026-11-22T09:00:00.000Z', answer: { value: ['a', 'b'] } })];
    await post(collector, batch(events));
    const response = await exportText(collector, 'format=ndjson');
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await response.text()).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line))).toEqual([events[1], events[0]]);
  });

  it('applies the report filters, CSV by default', async () => {
    const collector = await start({ token: 's3cret' });
    const events = [
      answerEvent({ ts: '2026-11-01T10:00:00.000Z' }),
      answerEvent({ ts: '2026-11-02T10:00:00.000Z', page: { type: 'comparison', path: '/compare' } }),
      answerEvent({ ts: '2026-11-02T23:59:59.999Z', survey: { id: 'decision-confidence', version: 2, sampleRate: 0.5 }, signals: { viewport: 'mobile' } }),
      { ...answerEvent({ ts: '2026-11-03T00:00:00.000Z' }), type: 'impression', question: undefined, answer: undefined },
    ];
    await post(collector, batch(events));
    const ids = async (query: string) => parseCsv(await (await exportText(collector, query)).text()).slice(1).map((row) => row[0]);
    expect(await ids('')).toHaveLength(4);
    expect(await ids('from=2026-11-02&to=2026-11-02')).toEqual([events[1]!.id, events[2]!.id]);
    expect(await ids('page=comparison')).toEqual([events[1]!.id]);
    expect(await ids('version=2&survey=decision-confidence')).toEqual([events[2]!.id]);
    expect(await ids('device=mobile')).toEqual([events[2]!.id]);
    expect(await ids('type=impression')).toEqual([events[3]!.id]);
    expect(await ids('type=answer,impression&from=2026-11-02T12:00:00Z')).toEqual([events[2]!.id, events[3]!.id]);
    expect(await ids('page=nothing')).toEqual([]);
  });

  it('refuses unknown formats and parameters with a reason', async () => {
    const collector = await start();
    const xml = await exportText(collector, 'format=xml', {});
    expect(xml.status).toBe(400);
    expect(await xml.json()).toEqual({ error: 'format: must be "csv" or "ndjson", got "xml"' });
    const typo = await exportText(collector, 'format=csv&pageType=category', {});
    expect(typo.status).toBe(400);
    expect((await typo.json()).error).toMatch(/^unknown parameter "pageType"/);
  });
});
