/** The report at GET / against a running collector: access, sign-in, escaping, filters, assets. */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../../src/collector/index';
import { answerEvent, batch, post, start, stopAll } from './helpers';

afterEach(stopAll);

const attack = '<script>alert(1)</script>';

/** The value shown on a totals card. */
function cardValue(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}"><span class="label">[^<]*</span><strong class="value">([^<]*)</strong>`).exec(html)?.[1];
}

async function seed(collector: RunningCollector): Promise<void> {
  const impression = (page: string, response: string) => ({ ...answerEvent({ responseId: response, page: { type: page, path: `/${page}` } }), type: 'impression', question: undefined, answer: undefined });
  const events = [
    impression('category', 'r1'),
    answerEvent({ responseId: 'r1', answer: { value: 2 } }),
    answerEvent({ responseId: 'r1', question: { id: 'why', type: 'text' }, answer: { value: attack } }),
    answerEvent({ responseId: 'r1', question: { id: 'blocker', type: 'choice', multiple: true, text: 'What would help you decide?' }, answer: { value: ['reviews'], label: 'More <b>reviews</b>', other: `"${attack}` } }),
    impression('category', 'r2'),
    impression('comparison', 'r3'),
    answerEvent({ responseId: 'r3', visitorId: 'v3', sessionId: 's3', page: { type: 'comparison', path: '/compare' }, answer: { value: 4 }, signals: { viewport: 'mobile' } }),
  ];
  const body = await (await post(collector, batch(events))).json();
  expect(body.accepted).toBe(events.length);
}

const auth = { authorization: 'Bearer s3cret' };

describe('GET / (report)', () => {
  it('asks for the token with a sign-in page, and accepts the bearer token', async () => {
    const collector = await start({ token: 's3cret' });
    const none = await fetch(`${collector.url}/`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const page = await none.text();
    expect(page).toContain('<form method="post" action="/sign-in">');
    expect(page).toContain('type="password" name="token"');
    expect((await fetch(`${collector.url}/`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${collector.url}/`, { headers: { authorization: 's3cret' } })).status).toBe(401);
    const ok = await fetch(`${collector.url}/`, { headers: auth });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('signs in once through the form: an HttpOnly, SameSite=Strict cookie for the report and the export', async () => {
    const collector = await start({ token: 's3cret' });
    const form = (token: string, next = '/?page=category') =>
      fetch(`${collector.url}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, next }).toString(),
      });

    const wrong = await form('nope');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('That token is not right.');
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const right = await form('s3cret');
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/?page=category');
    const setCookie = right.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^cp_session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = setCookie.split(';')[0]!;

    expect((await fetch(`${collector.url}/`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${collector.url}/v1/export?format=ndjson`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${collector.url}/`, { headers: { cookie: 'cp_session=99999999999999.forged' } })).status).toBe(401);

    // Never redirects off the collector.
    expect((await form('s3cret', '//evil.example/')).headers.get('location')).toBe('/');
    expect((await form('s3cret', 'https://evil.example/')).headers.get('location')).toBe('/');

    const out = await fetch(`${collector.url}/sign-out`, { method: 'POST', redirect: 'manual', headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^cp_session=; Max-Age=0;/);
  });

  it('is open without a token and says when there is nothing yet', async () => {
    const collector = await start();
    const response = await fetch(`${collector.url}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('No answers yet for these filters.');
    expect(html).not.toContain('Sign out');
  });

  it('shows open-text answers escaped, under a CSP that forbids inline script', async () => {
    const collector = await start({ token: 's3cret' });
    await seed(collector);
    const response = await fetch(`${collector.url}/`, { headers: auth });
    const html = await response.text();
    expect(html).not.toContain(attack);
    expect(html).toContain('<td class="text">&#60;script&#62;alert(1)&#60;/script&#62;</td>');
    expect(html).toContain('<td class="text">&#34;&#60;script&#62;alert(1)&#60;/script&#62;</td>');
    expect(html).toContain('<th scope="row">More &#60;b&#62;reviews&#60;/b&#62;</th>');
    // The data block for the charts cannot be closed by a value either.
    expect(html).toContain('"text":"\\u003cscript>alert(1)\\u003c/script>"');
    // Only our own two script elements: the report script (Chart.js bundled in) and the JSON data block.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toContain('<script src="/assets/report.js" defer></script>');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('shows the totals, and filters change them', async () => {
    const collector = await start();
    await seed(collector);
    const all = await (await fetch(`${collector.url}/`)).text();
    expect(cardValue(all, 'funnel-displays')).toBe('3');
    expect(cardValue(all, 'funnel-answered')).toBe('67%');
    expect(cardValue(all, 'mean')).toBe('3');
    expect(all).toContain('Not enough data yet: no outcome has been recorded');
    // The report states its unit, weighting and minimum data itself.
    expect(all).toContain('<strong>Unit:</strong> the visitor');
    expect(all).toContain("<strong>Weighting:</strong> each answer counts 1 / its survey's sample rate");
    expect(all).toContain('given once at least 10 visitors with the outcome and 10 without');
    expect(all).toContain('<option value="comparison">comparison</option>');

    const comparison = await (await fetch(`${collector.url}/?page=comparison`)).text();
    expect(cardValue(comparison, 'funnel-displays')).toBe('1');
    expect(cardValue(comparison, 'mean')).toBe('4');
    expect(comparison).toContain('<option value="comparison" selected>comparison</option>');
    expect(comparison).toContain('href="/v1/export?format=csv&#38;page=comparison"');

    const mobile = await (await fetch(`${collector.url}/?device=mobile&from=2000-01-01`)).text();
    expect(cardValue(mobile, 'funnel-displays')).toBe('0');
    expect(mobile).toContain('(1 visitor;');

    const future = await (await fetch(`${collector.url}/?from=2999-01-01`)).text();
    expect(future).toContain('No answers yet for these filters.');

    // Tracking parameters added by whoever shared the link are ignored; a malformed filter is explained.
    expect((await fetch(`${collector.url}/?page=comparison&utm_source=mail`)).status).toBe(200);
    const bad = await fetch(`${collector.url}/?from=someday`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('from: expected a day such as 2026-11-22');
    const badWindow = await fetch(`${collector.url}/?window=forever`);
    expect(badWindow.status).toBe(400);
    expect(await badWindow.text()).toContain('window: expected');
  });

  it('serves its stylesheet and its script, Chart.js bundled in, without a token; nothing from node_modules', async () => {
    const collector = await start({ token: 's3cret' });
    const script = await fetch(`${collector.url}/assets/report.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const source = await script.text();
    // One of Chart.js's own messages: the library is inside the built file.
    expect(source).toContain("Failed to create chart: can't acquire context from the given item");
    // Chart.js's per-chart axis defaults keep their names: it looks them up by quoted strings, so a minifier that
    // renamed `_` properties left bar charts with extra axes and their categories drawn as 0, 1, 2….
    expect(source).toMatch(/_index_:\{type:"category"/);
    expect(source).toMatch(/_value_:\{type:"linear"/);
    expect((await fetch(`${collector.url}/assets/chart.umd.min.js`)).status).toBe(404);
    const css = await fetch(`${collector.url}/assets/report.css`);
    expect(css.status).toBe(200);
    expect(await css.text()).toContain('.cards{');
  });
});
