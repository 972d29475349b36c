/**
 * The harness of `npm run bench:vs-posthog` (bench/), not its figures: the PostHog mock answers what posthog-js asks
 * for and reads the events it sends, the pages are built as the benchmark says, and a measured visit sees the
 * widget's question, counts its scripts and answers it with its click. When the pinned posthog-js is already in
 * bench/.cache/ (after one `npm run bench:vs-posthog`), PostHog's pages are checked the same way; the tests never
 * download it. Nothing here depends on speed: only what was shown, received and answered.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readEvents, startTestDemo, useBrowser, waitFor, type Demo } from './harness';
// @ts-expect-error: plain ESM helpers without types
import { POSTHOG_JS, isPosthogCached, posthogDir } from '../../bench/posthogPackage.mjs';
// @ts-expect-error: plain ESM helpers without types
import { POSTHOG_SURVEY, POSTHOG_TOKEN, startPosthogMock } from '../../bench/posthogMock.mjs';
// @ts-expect-error: plain ESM helpers without types
import { WIDGET_DOCUMENT, posthogSnippet, variantRoutes, variantsAt, withoutWidget } from '../../bench/vsPosthogPages.mjs';
// @ts-expect-error: plain ESM helpers without types
import { measureVisit } from '../../bench/visitMetrics.mjs';
// @ts-expect-error: plain ESM helpers without types
import { buildRows, writeBetweenMarkers } from '../../bench/vsPosthogTable.mjs';

type Mock = { url: string; counts: Record<string, number>; events: string[]; close(): Promise<void> };
type Visit = { jsBytes: number; scripts: string[]; shownAt?: number; click?: number; heap: number; blocking: number; script: number };
type Variant = { name: string; url: string; question?: string; clickIndex?: number };

describe('the PostHog mock', () => {
  let mock: Mock;
  beforeAll(async () => {
    // A stand-in dist folder: this test is about the mock's routes, not posthog-js.
    const dist = mkdtempSync(join(tmpdir(), 'cp-ph-dist-'));
    writeFileSync(join(dist, 'array.js'), 'window.arrayLoaded = true;');
    writeFileSync(join(dist, 'surveys.js'), 'window.surveysLoaded = true;');
    mock = await startPosthogMock({ dist });
  });
  afterAll(() => mock.close());

  test('serves the bundles, at their plain and versioned paths', async () => {
    const plain = await fetch(`${mock.url}/static/array.js`);
    expect(plain.headers.get('content-type')).toBe('text/javascript');
    expect(await plain.text()).toBe('window.arrayLoaded = true;');
    expect(await (await fetch(`${mock.url}/static/${POSTHOG_JS.version}/surveys.js`)).text()).toBe('window.surveysLoaded = true;');
    expect((await fetch(`${mock.url}/static/missing.js`)).status).toBe(404);
    expect((await fetch(`${mock.url}/nothing-here`)).status).toBe(404);
  });

  test('answers the remote config with surveys on, as a script and as JSON', async () => {
    const script = await (await fetch(`${mock.url}/array/${POSTHOG_TOKEN}/config.js`)).text();
    const globals: any = {};
    new Function('window', script)(globals);
    expect(globals._POSTHOG_REMOTE_CONFIG[POSTHOG_TOKEN].config).toMatchObject({ token: POSTHOG_TOKEN, surveys: true, sessionRecording: false });
    expect(await (await fetch(`${mock.url}/array/${POSTHOG_TOKEN}/config`)).json()).toMatchObject({ surveys: true });
  });

  test("lists the one-question rating survey for the bench's token only", async () => {
    const { surveys } = await (await fetch(`${mock.url}/api/surveys/?token=${POSTHOG_TOKEN}`)).json();
    expect(surveys).toEqual([POSTHOG_SURVEY]);
    expect(surveys[0].questions).toHaveLength(1);
    expect(surveys[0].questions[0]).toMatchObject({ type: 'rating', scale: 5 });
    expect((await (await fetch(`${mock.url}/api/surveys/?token=phc_other`)).json()).surveys).toEqual([]);
  });

  test('accepts events, gzipped or not, answers preflights, and counts what was asked', async () => {
    const before = mock.counts['/i/v0/e/'] ?? 0;
    const gzipped = await fetch(`${mock.url}/i/v0/e/?compression=gzip-js`, { method: 'POST', body: gzipSync(JSON.stringify([{ event: 'survey shown' }, { event: 'survey sent' }])) });
    expect(await gzipped.json()).toEqual({ status: 1 });
    await fetch(`${mock.url}/e/`, { method: 'POST', body: JSON.stringify({ event: '$pageview' }) });
    await fetch(`${mock.url}/batch/`, { method: 'POST', body: 'not json' });
    expect(mock.events).toEqual(['survey shown', 'survey sent', '$pageview']);
    expect(mock.counts['/i/v0/e/']).toBe(before + 1);
    const preflight = await fetch(`${mock.url}/flags/?v=2`, { method: 'OPTIONS', headers: { origin: 'http://shop.test', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://shop.test');
    expect(await (await fetch(`${mock.url}/flags/?v=2`, { method: 'POST', body: '{}' })).json()).toMatchObject({ featureFlags: {} });
  });
});

describe('the pages', () => {
  const category = '<head><link rel="stylesheet" href="/store.css">\n<script src="/stub.js"></script>\n<script async src="/confidence-pulse.js" data-endpoint="x"></script>\n</head>';

  test('the baseline is the category page without the widget, and refuses a page it cannot strip', () => {
    expect(withoutWidget(category)).toBe('<head><link rel="stylesheet" href="/store.css">\n\n</head>');
    expect(() => withoutWidget('<script src="/confidence-pulse.js"></script>')).toThrow(/could not take the widget out/);
  });

  test("PostHog's snippet loads array.js from the mock; without surveys it sets disable_surveys", () => {
    const withSurveys = posthogSnippet({ apiHost: 'http://127.0.0.1:9', surveys: true });
    expect(withSurveys).toContain('"/static/array.js"');
    expect(withSurveys).toContain(`posthog.init("${POSTHOG_TOKEN}", {"api_host":"http://127.0.0.1:9"`);
    expect(withSurveys).not.toContain('disable_surveys');
    expect(posthogSnippet({ apiHost: 'http://127.0.0.1:9', surveys: false })).toContain('"disable_surveys":true');
  });
});

describe('the table', () => {
  test('--write replaces only the lines between the markers, not markers named in the prose', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cp-bench-md-')), 'BENCHMARKS.md');
    const prose = 'Between `<!-- vs-posthog:start -->` and `<!-- vs-posthog:end -->`.';
    writeFileSync(file, `# T\n${prose}\n<!-- vs-posthog:start -->\nold\n<!-- vs-posthog:end -->\nafter\n`);
    writeBetweenMarkers(file, '| new |');
    writeBetweenMarkers(file, '| newer |');
    expect(readFileSync(file, 'utf8')).toBe(`# T\n${prose}\n<!-- vs-posthog:start -->\n| newer |\n<!-- vs-posthog:end -->\nafter\n`);
    writeFileSync(file, `${prose}\n`);
    expect(() => writeBetweenMarkers(file, 'x')).toThrow(/needs one line/);
    expect(readFileSync(file, 'utf8')).toBe(`${prose}\n`);
  });

  test('costs are differences from the same round\'s floor; ratios are ours to PostHog\'s and to its survey part', () => {
    const visit = (jsBytes: number, script: number) => ({ jsBytes, script, blocking: 0, heap: 0, shownAt: 500, fcp: 100, click: 40 });
    const round = (floor: number) => ({ baseline: visit(floor, floor), widget: visit(floor + 20, floor + 2), posthog: visit(floor + 150, floor + 40), posthogNoSurveys: visit(floor + 100, floor + 30) });
    const rows: string[][] = buildRows({ throttled: [round(300), round(900), round(600)], unthrottled: [round(1), round(50), round(7)], throttle: 4 });
    expect(rows[0]).toEqual(['JavaScript bytes once the survey shows (brotli)', '600 B', '+20 B', '+150 B', '0.13', '+100 B', '0.4']);
    expect(rows[1]!.slice(1)).toEqual(['7 ms', '+2 ms (max +2 ms)', '+40 ms (max +40 ms)', '0.05', '+30 ms (max +30 ms)', '0.2']);
    expect(rows[3]!.slice(1, 5)).toEqual(['100 ms (first paint)', '500 ms (max 500 ms), floor + 400 ms', '500 ms (max 500 ms)', '1']);
  });
});

describe('measured visits', () => {
  const env = useBrowser();
  let demo: Demo;
  let variants: Variant[];
  let mock: Mock | undefined;
  const variant = (name: string) => variants.find((v) => v.name === name)!;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-vs-posthog-test-'));
    writeFileSync(join(dir, 'surveys.json'), JSON.stringify(WIDGET_DOCUMENT));
    const pages = variantRoutes();
    demo = await startTestDemo({ config: join(dir, 'surveys.json'), extraRoutes: pages.routes });
    // Without the cached posthog-js the PostHog pages point at a closed port: only the widget's and baseline are visited.
    if (isPosthogCached()) mock = await startPosthogMock({ dist: join(posthogDir(), 'package/dist') });
    pages.build(await (await fetch(`${demo.storeUrl}/c/shoes`)).text(), mock?.url ?? 'http://127.0.0.1:9');
    variants = variantsAt(demo.storeUrl);
  });
  afterAll(async () => {
    await demo?.close();
    await mock?.close();
  });

  test("the widget's page: the question shows, its two files are counted, and the click answers 4", async () => {
    const visit: Visit = await measureVisit(env.browser, variant('widget'), { throttle: 1, click: true });
    expect(visit.shownAt).toBeGreaterThan(0);
    expect(visit.scripts.some((s) => s.startsWith('/confidence-pulse.js '))).toBe(true);
    expect(visit.scripts.some((s) => s.startsWith('/confidence-pulse.ui.js '))).toBe(true);
    // The script tag alone is over 5 KB brotli; the UI chunk adds more.
    expect(visit.jsBytes).toBeGreaterThan(10_000);
    expect(visit.heap).toBeGreaterThan(0);
    expect(visit.click).toBeGreaterThanOrEqual(0);
    const answer = await waitFor(() => readEvents(demo.db).map((e) => JSON.parse(e.body)).find((e) => e.type === 'answer'), 15_000, 'the answer');
    expect(answer).toMatchObject({ survey: { id: 'decision-confidence' }, question: { id: 'confidence' }, answer: { value: 4 } });
  });

  test('the baseline page: no widget file, no question, the click lands on the page', async () => {
    const visit: Visit = await measureVisit(env.browser, variant('baseline'), { throttle: 1, click: true });
    expect(visit.scripts.some((s) => s.includes('confidence-pulse'))).toBe(false);
    expect(visit.scripts.some((s) => s.startsWith('/store.js '))).toBe(true);
    expect(visit.shownAt).toBeUndefined();
    expect(visit.click).toBeGreaterThanOrEqual(0);
  });

  // Registered only when the pinned release is cached: the tests never download it (see the file's comment).
  if (isPosthogCached()) {
    test("PostHog's page: its survey shows and the click sends the answer; without surveys no survey code loads", async () => {
      const visit: Visit = await measureVisit(env.browser, variant('posthog'), { throttle: 1, click: true });
      expect(visit.shownAt).toBeGreaterThan(0);
      expect(visit.scripts.some((s) => /^\/static\/array\.js /.test(s))).toBe(true);
      expect(visit.scripts.some((s) => /surveys\.js /.test(s))).toBe(true);
      await waitFor(() => mock!.events.includes('survey sent'), 20_000, "PostHog's survey sent event");
      const surveysAsked = mock!.counts['/api/surveys/'];
      const without: Visit = await measureVisit(env.browser, variant('posthogNoSurveys'), { throttle: 1, click: true });
      expect(without.scripts.some((s) => /surveys\.js /.test(s))).toBe(false);
      expect(without.shownAt).toBeUndefined();
      expect(mock!.counts['/api/surveys/']).toBe(surveysAsked);
    });
  }
});
