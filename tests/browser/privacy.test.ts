/**
 * Privacy and integrations in real Chromium, with the built script tag on the demo store and the real collector:
 * each consent state, Global Privacy Control on and off, query stripping, open-text scrubbing, `beforeSend`, and
 * the three destinations receiving the mapped event from fake `dataLayer` / `analytics` / `posthog` objects.
 * Options reach the script tag the way a site passes them: `ConfidencePulse('init', {…})` queued before it loads.
 */
import { describe, expect, test } from 'vitest';
import { readEvents, useDemo, waitFor, type BrowserContext } from './harness';
import type { Page } from 'playwright-core';

const env = useDemo();

interface Opened {
  context: BrowserContext;
  page: Page;
  /** Requests the page made to the collector. */
  requests: string[];
  errors: string[];
}

/**
 * Opens a demo page in a fresh context. `init` is the source of an options object literal (functions allowed);
 * `before` runs first in the page (fake tools, a GPC signal). Every event the widget announces is kept in `window.__events`.
 */
async function open(path: string, { init = '{}', before = '', doc }: { init?: string; before?: string; doc?: object } = {}): Promise<Opened> {
  const context = await env.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(`${before};
    window.ConfidencePulse = function () { (ConfidencePulse.q = ConfidencePulse.q || []).push(arguments) };
    window.__events = [];
    ConfidencePulse('init', ${init});
    for (const type of ['impression', 'answer', 'complete', 'dismiss', 'outcome']) ConfidencePulse('on', type, (e) => window.__events.push(e));`);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => request.url().startsWith(env.demo.collectorUrl) && requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  if (doc) {
    const base = JSON.parse(await (await fetch(`${env.demo.storeUrl}/surveys.json`)).text());
    await page.route('**/surveys.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...base, ...doc }) }));
  }
  await page.goto(`${env.demo.storeUrl}${path}`);
  await page.waitForFunction(() => typeof (window as any).ConfidencePulse?.v === 'string');
  return { context, page, requests, errors };
}

/** What this origin holds on the device: our localStorage keys and IndexedDB databases with their outbox sizes. */
const device = (page: Page) =>
  page.evaluate(async () => {
    // `cp:ping` (an event id) wakes the sending tab and identifies nobody.
    const keys = Object.keys(localStorage).filter((k) => k.startsWith('cp:') && k !== 'cp:ping').sort();
    const databases: Record<string, number> = {};
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      databases[name!] = db.objectStoreNames.contains('outbox')
        ? await new Promise<number>((resolve) => {
            const count = db.transaction('outbox').objectStore('outbox').count();
            count.onsuccess = () => resolve(count.result);
          })
        : -1;
      db.close();
    }
    return { keys, databases };
  });

const scrollHalf = (page: Page) => page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.55));

/** Answers the demo survey: 2, then either "More reviews" or "Other" with `other` typed in. */
async function answerSurvey(page: Page, other?: string) {
  await scrollHalf(page);
  await page.getByRole('radiogroup', { name: /How confident are you/ }).waitFor({ state: 'visible' });
  await page.getByRole('radio', { name: '2', exact: true }).click();
  await page.getByRole('group', { name: /What would help you decide/ }).waitFor({ state: 'visible' });
  if (other === undefined) await page.getByRole('checkbox', { name: 'More reviews' }).check();
  else {
    await page.getByRole('checkbox', { name: 'Other' }).check();
    await page.getByRole('textbox', { name: 'Other' }).fill(other);
  }
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();
}

/** The stored rows of the events the page announced, once all of them have reached SQLite. */
async function stored(page: Page, count: number) {
  await page.evaluate(() => (window as any).ConfidencePulse('flush'));
  const ids = await waitFor(async () => {
    const announced = (await page.evaluate(() => (window as any).__events.map((e: { id: string }) => e.id))) as string[];
    return announced.length >= count ? announced : undefined;
  }, 15_000, `${count} announced events`);
  return waitFor(
    () => {
      const rows = readEvents(env.demo.db).filter((r) => ids.includes(r.id));
      return rows.length === ids.length ? rows.map((r) => JSON.parse(r.body)) : undefined;
    },
    15_000,
    'events in SQLite',
  );
}

const settle = (page: Page, ms = 1500) => page.waitForTimeout(ms);
/** Reports one outcome through the command queue, as a shop's own code would. */
const reportOutcome = (page: Page, name = 'purchase') => page.evaluate((n) => (window as any).ConfidencePulse('outcome', n, { value: 129, currency: 'EUR' }), name);

describe('consent', () => {
  test('required in the options: nothing stored or sent and no survey until consent(true); consent(false) deletes it all', async () => {
    const { context, page, requests, errors } = await open('/c/shoes', { init: `{ consent: 'required' }` });
    await scrollHalf(page);
    await page.getByRole('button', { name: 'Add to cart' }).first().click();
    await reportOutcome(page);
    await settle(page);
    expect(await page.locator('confidence-pulse').count()).toBe(0);
    expect(await device(page)).toEqual({ keys: [], databases: {} });
    expect(requests).toEqual([]);
    expect(await page.evaluate(() => (window as any).__events.length)).toBe(0);

    await page.evaluate(() => (window as any).ConfidencePulse('consent', true));
    // The scroll already happened: the trigger fires as soon as consent arrives.
    await answerSurvey(page, 'Call me on +44 20 7946 0958 or mail jane.doe@example.com');
    const rows = await stored(page, 4);
    expect(rows.map((e) => e.type).sort()).toEqual(['answer', 'answer', 'complete', 'impression']);
    const blocker = rows.find((e) => e.question?.id === 'blocker');
    expect(blocker.answer).toEqual({ value: ['other'], label: 'Other', other: 'Call me on [number] or mail [email]' });
    expect(rows.every((e) => typeof e.visitorId === 'string' && typeof e.sessionId === 'string')).toBe(true);
    // The add-to-cart click and the purchase before consent were never recorded.
    expect(rows.some((e) => e.type === 'outcome')).toBe(false);
    const held = await device(page);
    expect(held.keys).toEqual(['cp:caps', 'cp:session', 'cp:visitor']);
    expect(Object.keys(held.databases)).toEqual(['confidence-pulse']);

    // Withdrawn: a queued event (the collector is made unreachable for it) and every id and cap are deleted.
    await page.route(`${env.demo.collectorUrl}/**`, (route) => route.abort());
    await reportOutcome(page);
    await expect.poll(async () => (await device(page)).databases['confidence-pulse']).toBe(1);
    await page.evaluate(() => (window as any).ConfidencePulse('consent', false));
    await expect.poll(() => device(page)).toEqual({ keys: [], databases: { 'confidence-pulse': 0 } });
    const before = requests.length;
    await page.unroute(`${env.demo.collectorUrl}/**`);
    await reportOutcome(page);
    await page.evaluate(() => (window as any).ConfidencePulse('flush'));
    await settle(page);
    expect(requests.length).toBe(before);
    expect(await device(page)).toEqual({ keys: [], databases: { 'confidence-pulse': 0 } });
    expect(errors).toEqual([]);
    await context.close();
  });

  test('required in the survey document: nothing until consent(true), then the survey shows', async () => {
    const { context, page, requests, errors } = await open('/c/shoes', { doc: { consent: 'required' } });
    await scrollHalf(page);
    await settle(page);
    expect(await page.locator('confidence-pulse').count()).toBe(0);
    expect(await device(page)).toEqual({ keys: [], databases: {} });
    expect(requests).toEqual([]);
    await page.evaluate(() => (window as any).ConfidencePulse('consent', true));
    await page.getByRole('radiogroup', { name: /How confident are you/ }).waitFor({ state: 'visible' });
    expect((await device(page)).keys).toContain('cp:visitor');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('Global Privacy Control', () => {
  const gpc = `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true })`;
  const tools = `window.__calls = []; window.analytics = { track: (name, props) => window.__calls.push(['segment', name, props]) }`;

  test('honoured by default: the survey shows, answers arrive without ids or signals, nothing identifies the visitor, nothing is forwarded', async () => {
    const { context, page, errors } = await open('/c/shoes', { before: `${gpc};${tools}`, init: `{ destinations: ['segment'] }` });
    await answerSurvey(page);
    const rows = await stored(page, 4);
    for (const event of rows) {
      expect(event).not.toHaveProperty('visitorId');
      expect(event).not.toHaveProperty('sessionId');
      expect(event).not.toHaveProperty('signals');
    }
    expect(rows.find((e) => e.question?.id === 'confidence').answer.value).toBe(2);
    // Only the caps (which survey was shown when) are kept, so the visitor is not asked again and again.
    expect((await device(page)).keys).toEqual(['cp:caps']);
    expect(await page.evaluate(() => (window as any).__calls)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('gpc: false: the visitor gets ids and signals like any other', async () => {
    const { context, page } = await open('/c/shoes', { before: gpc, init: `{ gpc: false }` });
    await answerSurvey(page);
    const rows = await stored(page, 4);
    expect(rows.every((e) => e.visitorId && e.sessionId && e.signals)).toBe(true);
    expect((await device(page)).keys).toContain('cp:visitor');
    await context.close();
  });
});

describe('what leaves the page', () => {
  test('query strings are stripped except the allowlist, kept in page.query', async () => {
    const url = '/c/shoes?utm_source=news&email=jane%40example.com&utm_campaign=spring&gclid=abc';
    const kept = await open(url, { init: `{ queryParams: ['utm_*'] }` });
    await reportOutcome(kept.page);
    const [outcome] = await stored(kept.page, 1);
    expect(outcome.page).toEqual({ type: 'category', path: '/c/shoes', query: { utm_source: 'news', utm_campaign: 'spring' } });
    expect(JSON.stringify(readEvents(env.demo.db))).not.toContain('jane');
    await kept.context.close();

    const plain = await open(url);
    await reportOutcome(plain.page);
    const [bare] = await stored(plain.page, 1);
    expect(bare.page).toEqual({ type: 'category', path: '/c/shoes' });
    await plain.context.close();
  });

  test('beforeSend changes events before they are stored and drops the ones it returns null for', async () => {
    const { context, page, errors } = await open('/c/shoes', {
      init: `{ beforeSend: (e) => e.type === 'outcome' ? null : { ...e, page: { ...e.page, path: '/c/[category]' } } }`,
    });
    await reportOutcome(page);
    await answerSurvey(page);
    const rows = await stored(page, 4);
    expect(rows.map((e) => e.page.path)).toEqual(['/c/[category]', '/c/[category]', '/c/[category]', '/c/[category]']);
    expect(rows.some((e) => e.type === 'outcome')).toBe(false);
    // Dropped before storage: nothing was queued for it either.
    await expect.poll(async () => (await page.evaluate(() => (window as any).ConfidencePulse('stats'))).queued).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('destinations', () => {
  const tools = `
    window.__calls = [];
    window.dataLayer = [];
    window.dataLayer.push = function (...items) { for (const item of items) window.__calls.push(['dataLayer', JSON.parse(JSON.stringify(item))]); return Array.prototype.push.apply(this, items); };
    window.analytics = { track: (name, props) => window.__calls.push(['segment', name, JSON.parse(JSON.stringify(props))]) };
    window.posthog = { capture: (name, props) => window.__calls.push(['posthog', name, JSON.parse(JSON.stringify(props))]) };`;

  test('dataLayer, Segment and PostHog each receive confidence_pulse_<type> with the mapped event, free text left out', async () => {
    const { context, page, errors } = await open('/c/shoes', { before: tools, init: `{ destinations: ['dataLayer', 'segment', 'posthog'] }` });
    await answerSurvey(page, 'mail me: jane@example.com');
    await reportOutcome(page);
    const rows = await stored(page, 5);
    const calls = (await page.evaluate(() => (window as any).__calls)) as [string, ...any[]][];
    const answer = rows.find((e) => e.question?.id === 'blocker');
    const { visitorId: _v, sessionId: _s, signals: _g, answer: { other: _o, ...answerFields }, ...rest } = answer;
    const mapped = { ...rest, answer: answerFields };

    expect(calls.filter(([tool]) => tool === 'segment').map(([, name]) => name)).toEqual([
      'confidence_pulse_impression',
      'confidence_pulse_answer',
      'confidence_pulse_answer',
      'confidence_pulse_complete',
      'confidence_pulse_outcome',
    ]);
    expect(calls).toContainEqual(['segment', 'confidence_pulse_answer', mapped]);
    expect(calls).toContainEqual(['posthog', 'confidence_pulse_answer', mapped]);
    expect(calls).toContainEqual(['dataLayer', { event: 'confidence_pulse_answer', confidence_pulse: mapped }]);
    // Each dataLayer event is preceded by a reset of the previous one's object.
    const layer = calls.filter(([tool]) => tool === 'dataLayer').map(([, item]) => item);
    expect(layer).toHaveLength(10);
    layer.forEach((item, i) => expect(i % 2 ? item.event : item).toEqual(i % 2 ? expect.stringMatching(/^confidence_pulse_/) : { confidence_pulse: null }));
    expect(JSON.stringify(calls)).not.toContain('[email]');
    expect(JSON.stringify(calls)).not.toContain(answer.visitorId);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a destination that throws is reported and never stops delivery', async () => {
    const { context, page } = await open('/c/shoes', {
      before: `window.posthog = { capture() { throw new Error('not ready') } }; window.__errors = [];`,
      init: `{ destinations: ['posthog'] }`,
    });
    await page.evaluate(() => (window as any).ConfidencePulse('on', 'error', (e: unknown) => (window as any).__errors.push(e)));
    await reportOutcome(page);
    const [outcome] = await stored(page, 1);
    expect(outcome.outcome.name).toBe('purchase');
    expect(await page.evaluate(() => (window as any).__errors)).toEqual([{ reason: 'destination', message: 'posthog' }]);
    await context.close();
  });
});
