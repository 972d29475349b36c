/**
 * The widget on real pages in Chromium: a hostile page (CSS resets, `all: unset`, a 40 px root font,
 * quirks mode, a strict CSP) left untouched, the `<style nonce>` fallback under CSP, exit intent, scroll depth,
 * SPA navigation through the Navigation API and back/forward, the script loaded twice and before <body>,
 * `destroy` leaving no listener, timer or node, and no layout shift when the survey appears.
 */
import { describe, expect, test } from 'vitest';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { readEvents, useDemo, waitFor } from './harness';
import { booted, documentWith, openSurvey, pageHtml, recordedEvents, recordEvents, UI_SURVEY } from './testPage';

type Route = () => { type: string; body: string; headers?: Record<string, string> };
const html = (body: string, headers: Record<string, string> = {}) => ({ type: 'text/html; charset=utf-8', body, headers });

/** A reset as aggressive as real sites ship, plus rules aimed at anything the widget could add. */
const HOSTILE_CSS = `
html { font-size: 40px !important; }
* { all: unset; }
*, *::before, *::after { box-sizing: content-box !important; margin: 3px !important; }
body { display: block; line-height: 3 !important; color: #400 !important; }
div, section, h2, p, label, button, input, span, textarea { display: none !important; font-size: 2rem !important; padding: 40px !important; }
confidence-pulse, confidence-pulse * { display: block !important; position: static !important; width: 10px !important; height: 10px !important; font-size: 99px !important; opacity: .1 !important; }
[role="dialog"], [role="radiogroup"], [class] { display: none !important; }
style, script { display: block !important; }
`;

const csp = () =>
  `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ${env.demo.collectorUrl}; base-uri 'none'; form-action 'none'`;

/** A tall page with a single survey whose trigger is given. */
const triggerPage = (trigger: unknown) =>
  html(
    pageHtml({
      endpoint: env.demo.endpoint,
      config: documentWith([{ ...UI_SURVEY, trigger }]),
      body: `<main><h1>Long page</h1>${'<p style="height:400px">Text</p>'.repeat(10)}</main>`,
    }),
  );

const SPA_CONFIG = documentWith([{ ...UI_SURVEY, pages: ['list'] }], {
  pages: { list: { match: ['/t/spa/list'] }, detail: { match: ['/t/spa/detail'] }, other: { match: ['/t/spa/other'] } },
});

const routes: Record<string, Route> = {
  '/t/hostile.css': () => ({ type: 'text/css', body: HOSTILE_CSS }),
  '/t/hostile': () =>
    html(
      pageHtml({
        endpoint: env.demo.endpoint,
        quirks: true,
        head: '<link rel="stylesheet" href="/t/hostile.css">',
        body: '<main><h1>Hostile</h1><p id="para">Paragraph</p><button type="button" id="before">Button</button><div id="box">Box</div></main>',
      }),
      { 'content-security-policy': csp() },
    ),
  '/t/nonce': () =>
    html(pageHtml({ endpoint: env.demo.endpoint, scriptAttrs: 'nonce="n0nce42"' }), {
      'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'nonce-n0nce42'; connect-src 'self' ${env.demo.collectorUrl}`,
    }),
  '/t/exit': () => triggerPage({ exitIntent: true }),
  '/t/scroll': () => triggerPage({ scrollDepth: 0.5 }),
  '/t/spa/list': () => html(pageHtml({ endpoint: env.demo.endpoint, config: SPA_CONFIG })),
  '/t/twice': () =>
    html(
      pageHtml({
        endpoint: env.demo.endpoint,
        // Synchronous, in <head> (before <body> exists), twice; the page type is only declared on <body>.
        script: `<script src="/confidence-pulse.js" data-endpoint="${env.demo.endpoint}"></script><script src="/confidence-pulse.js" data-endpoint="${env.demo.endpoint}"></script>`,
        config: documentWith([{ ...UI_SURVEY, pages: ['declared'] }], { pages: { declared: {} } }),
        body: '<main data-cp-page="declared"><h1>Twice</h1></main>',
      }),
    ),
  '/t/plain': () => html(pageHtml({ endpoint: env.demo.endpoint, body: `<main><h1>Plain</h1>${'<p>Text that fills the page.</p>'.repeat(40)}</main>` })),
  '/t/bar': () =>
    html(pageHtml({ endpoint: env.demo.endpoint, config: documentWith([{ ...UI_SURVEY, position: 'bar' }]), body: `<main><h1>Bar</h1>${'<p>Text.</p>'.repeat(40)}</main>` })),
};
const env = useDemo({ extraRoutes: routes });

/** A page that records console errors, page errors and CSP violations from its first script on. */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, problems };
}
const violations = (page: Page): Promise<string[]> => page.evaluate(() => (window as any).__violations);

/** Every computed style property of some host elements. */
const hostStyles = (page: Page) =>
  page.evaluate(() =>
    ['html', 'body', 'main', 'h1', '#para', '#before', '#box'].map((selector) => {
      const style = getComputedStyle(document.querySelector(selector)!);
      return Object.fromEntries([...style].map((name) => [name, style.getPropertyValue(name)]));
    }),
  );

describe('a hostile page', () => {
  test('CSS resets, all: unset, a 40 px root font, quirks mode and a strict CSP: the survey is intact, the page unchanged, no violation', async () => {
    const context = await env.newContext({ viewport: { width: 1280, height: 800 } });
    const { page, problems } = await watchedPage(context);
    const response = await page.goto(`${env.demo.storeUrl}/t/hostile`);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.evaluate(() => document.compatMode)).toBe('BackCompat');
    await booted(page);
    const before = await hostStyles(page);
    const sheets = await page.evaluate(() => [document.styleSheets.length, document.adoptedStyleSheets.length]);

    await openSurvey(page);
    const survey = page.locator('confidence-pulse');
    const sizes = await survey.evaluate((host) => {
      const root = host.shadowRoot!;
      const box = (selector: string) => root.querySelector(selector)!.getBoundingClientRect().toJSON();
      const font = (selector: string) => getComputedStyle(root.querySelector(selector)!).fontSize;
      return { card: box('.cp'), point: box('.s span'), close: box('.x'), next: box('.pr'), heading: font('h2'), text: font('.e'), host: getComputedStyle(host).display };
    });
    expect(sizes.host).toBe('contents');
    expect(sizes.card).toMatchObject({ width: 360, x: 1280 - 16 - 360 });
    expect(sizes.card.y + sizes.card.height).toBeCloseTo(800 - 16, 0);
    expect(sizes.card.height).toBeGreaterThan(120);
    expect(sizes.card.height).toBeLessThan(260);
    expect(sizes.point.height).toBe(32);
    expect(sizes.point.width).toBeGreaterThan(50);
    expect(Math.min(sizes.close.width, sizes.close.height, sizes.next.height)).toBeGreaterThanOrEqual(32);
    expect([sizes.heading, sizes.text]).toEqual(['16px', '13px']);

    // Answer, so the request to the collector runs under connect-src too.
    await recordEvents(page);
    await survey.getByRole('radio', { name: '5, Completely confident' }).click();
    await page.evaluate(() => (window as any).ConfidencePulse('flush'));
    const [answer] = (await recordedEvents(page)).filter((e) => e.type === 'answer');
    await waitFor(() => readEvents(env.demo.db).some((row) => row.id === answer.id), 10_000, 'the answer in SQLite');

    expect(await hostStyles(page)).toEqual(before);
    expect(await page.evaluate(() => [document.styleSheets.length, document.adoptedStyleSheets.length])).toEqual(sheets);
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('without constructable stylesheets, the <style> carries the nonce and a nonce-only style-src accepts it', async () => {
    const context = await env.newContext();
    const { page, problems } = await watchedPage(context);
    await page.addInitScript(() => delete (ShadowRoot.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets);
    await page.goto(`${env.demo.storeUrl}/t/nonce`);
    await openSurvey(page);
    const result = await page.locator('confidence-pulse').evaluate((host) => {
      const style = host.shadowRoot!.querySelector('style')!;
      return { nonce: style.nonce, width: host.shadowRoot!.querySelector('.cp')!.getBoundingClientRect().width };
    });
    expect(result).toEqual({ nonce: 'n0nce42', width: 360 });
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('triggers in a real browser', () => {
  test('exit intent: the pointer leaving through the top, not through the sides or the bottom', async () => {
    const context = await env.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${env.demo.storeUrl}/t/exit`);
    await booted(page);
    await recordEvents(page);
    await page.mouse.move(500, 350);
    for (const [x, y] of [
      [-5, 350],
      [500, 350],
      [1005, 350],
      [500, 350],
      [500, 705],
      [500, 350],
    ] as const) {
      await page.mouse.move(x, y, { steps: 3 });
    }
    await page.waitForTimeout(1200);
    expect(await page.locator('confidence-pulse').count()).toBe(0);

    await page.mouse.move(500, -5, { steps: 3 });
    await page.locator('confidence-pulse [role=dialog]').waitFor();
    await expect.poll(async () => (await recordedEvents(page)).map((e) => [e.type, e.trigger])).toEqual([['impression', 'exitIntent']]);
    await context.close();
  });

  test('scroll depth: nothing at 30%, the survey at 50% of the page read', async () => {
    const context = await env.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${env.demo.storeUrl}/t/scroll`);
    await booted(page);
    await recordEvents(page);
    const scrollTo = (share: number) =>
      page.evaluate((s) => window.scrollTo(0, document.documentElement.scrollHeight * s - window.innerHeight), share);
    await scrollTo(0.3);
    await page.waitForTimeout(1200);
    expect(await page.locator('confidence-pulse').count()).toBe(0);
    await scrollTo(0.55);
    await page.locator('confidence-pulse [role=dialog]').waitFor();
    const [impression] = await waitFor(async () => {
      const events = await recordedEvents(page);
      return events.length ? events : undefined;
    });
    expect(impression).toMatchObject({ type: 'impression', trigger: 'scrollDepth' });
    expect(impression.signals.maxScrollDepth).toBeGreaterThanOrEqual(0.5);
    expect(impression.signals.maxScrollDepth).toBeLessThan(0.6);
    await context.close();
  });
});

/**
 * Inspects event listeners through the DevTools protocol, keeping only those whose handler comes from the
 * widget's own files (Playwright adds listeners of its own to pages it drives).
 */
async function listenerInspector(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const urls = new Map<string, string>();
  cdp.on('Debugger.scriptParsed', (e) => urls.set(e.scriptId, e.url));
  await cdp.send('Debugger.enable');
  const ours = async (expression: string, deep = false): Promise<string[]> => {
    const { result } = (await cdp.send('Runtime.evaluate', { expression })) as { result: { objectId?: string } };
    if (!result.objectId) return [];
    const { listeners } = (await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth: deep ? -1 : 0, pierce: deep })) as {
      listeners: { type: string; scriptId: string }[];
    };
    return listeners.filter((l) => /confidence-pulse/.test(urls.get(l.scriptId) ?? '')).map((l) => l.type).sort();
  };
  return async () => ({
    window: await ours('window'),
    document: await ours('document', true),
    navigation: await ours('window.navigation'),
    visualViewport: await ours('window.visualViewport'),
  });
}

describe('single-page apps', () => {
  test('pushState, replaceState, back and an intercepted navigation start page views only when the path changes; destroy leaves history alone', async () => {
    const context = await env.newContext();
    const page = await context.newPage();
    await page.goto(`${env.demo.storeUrl}/t/spa/list`);
    await openSurvey(page);
    await recordEvents(page);
    const probe = async () => {
      const before = (await recordedEvents(page)).length;
      await page.evaluate(() => (window as any).ConfidencePulse('outcome', 'probe'));
      return waitFor(async () => (await recordedEvents(page))[before]);
    };

    // An app's client-side route change.
    await page.evaluate(() => history.pushState({}, '', '/t/spa/detail'));
    await expect.poll(() => page.locator('confidence-pulse').count()).toBe(0);
    const dismissed = (await recordedEvents(page))[0];
    expect(dismissed).toMatchObject({ type: 'dismiss', dismiss: { method: 'navigation' }, page: { type: 'list' } });
    let outcome = await probe();
    expect(outcome.page).toEqual({ type: 'detail', path: '/t/spa/detail' });
    expect(outcome.signals).toMatchObject({ pageIndex: 2, journey: ['list', 'detail'] });
    const detailView = outcome.pageViewId;

    // Query and hash changes are the same page view.
    await page.evaluate(() => history.replaceState({}, '', '/t/spa/detail?color=red#reviews'));
    await page.waitForTimeout(100);
    outcome = await probe();
    expect(outcome.pageViewId).toBe(detailView);

    // Back: popstate and the Navigation API report it once.
    await page.evaluate(() => history.back());
    await expect.poll(async () => (await probe()).page.type).toBe('list');
    expect((await probe()).signals.pageIndex).toBe(3);

    // A Navigation API app intercepting its own navigations.
    await page.evaluate(() => {
      (window as any).navigation.addEventListener('navigate', (e: any) => e.intercept({ handler: () => new Promise((r) => setTimeout(r, 50)) }));
      (window as any).navigation.navigate('/t/spa/other');
    });
    await expect.poll(async () => (await probe()).page.type).toBe('other');

    // The app's own page(type) right after pushState wins: one page view, with its type.
    await page.evaluate(() => {
      history.pushState({}, '', '/t/spa/detail/42');
      (window as any).ConfidencePulse('page', 'detail');
    });
    await page.waitForTimeout(100);
    outcome = await probe();
    expect(outcome.page).toEqual({ type: 'detail', path: '/t/spa/detail/42' });
    expect(outcome.signals.pageIndex).toBe(5);

    await page.evaluate(() => (window as any).ConfidencePulse('destroy'));
    const native = await page.evaluate(() =>
      [history.pushState, history.replaceState].every((fn) => fn === History.prototype[fn.name as 'pushState'] && /\[native code\]/.test(String(fn))),
    );
    expect(native).toBe(true);
    expect(await (await listenerInspector(page))()).toEqual({ window: [], document: [], navigation: [], visualViewport: [] });
    await context.close();
  });
});

describe('never harms the host', () => {
  test('the script twice, synchronously in <head> before <body> exists: one instance, one survey, one answer', async () => {
    const context = await env.newContext();
    const { page, problems } = await watchedPage(context);
    await page.goto(`${env.demo.storeUrl}/t/twice`);
    await openSurvey(page);
    await recordEvents(page);
    expect(await page.locator('confidence-pulse').count()).toBe(1);
    await page.locator('confidence-pulse').getByRole('radio', { name: '5, Completely confident' }).click();
    await page.waitForTimeout(200);
    const events = await recordedEvents(page);
    expect(events.map((e) => e.type)).toEqual(['answer']);
    expect(events[0].page.type).toBe('declared');
    expect(await page.evaluate(() => Object.keys(window).filter((k) => /pulse|^cp/i.test(k)))).toEqual(['ConfidencePulse']);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('destroy removes every listener, timer and node it added', async () => {
    const context = await env.newContext();
    const page = await context.newPage();
    // Test instrumentation: count the page's live timers and animation frames.
    await page.addInitScript(() => {
      const live = new Map<string, string>();
      (window as any).__liveTimers = () => [...live.values()];
      const w = window as any;
      const track = (setName: string, clearName: string, once: boolean) => {
        const set = w[setName].bind(window);
        const clear = w[clearName].bind(window);
        w[setName] = (fn: (...a: unknown[]) => void, ...rest: unknown[]) => {
          const id = set((...args: unknown[]) => {
            if (once) live.delete(setName + id);
            fn(...args);
          }, ...rest);
          live.set(setName + id, setName);
          return id;
        };
        w[clearName] = (id: number) => {
          live.delete(setName + id);
          clear(id);
        };
      };
      track('setTimeout', 'clearTimeout', true);
      track('setInterval', 'clearInterval', false);
      track('requestAnimationFrame', 'cancelAnimationFrame', true);
    });
    await page.goto(`${env.demo.storeUrl}/t/plain`);
    const listeners = await listenerInspector(page);
    const body = await page.evaluate(() => document.body.innerHTML);
    await openSurvey(page);
    // Answer by a script-dispatched click: Playwright's own pointer actions add listeners to the window.
    await page.evaluate(() =>
      document.querySelector('confidence-pulse')!.shadowRoot!.querySelector('label')!.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 })),
    );
    await page.locator('confidence-pulse').getByRole('checkbox').first().waitFor();

    // While running: listeners and a timer exist (so the checks below can fail).
    const running = await listeners();
    expect(running.window.length).toBeGreaterThan(5);
    expect(running.document).toContain('visibilitychange');
    expect(running.navigation).toEqual(['navigatesuccess']);
    expect(running.visualViewport).toEqual(['resize', 'scroll']);
    expect(await page.evaluate(() => (window as any).__liveTimers())).toContain('setInterval');

    await page.evaluate(() => (window as any).ConfidencePulse('destroy'));
    await page.waitForTimeout(300);
    expect(await listeners()).toEqual({ window: [], document: [], navigation: [], visualViewport: [] });
    expect(await page.evaluate(() => (window as any).__liveTimers())).toEqual([]);
    expect(await page.locator('confidence-pulse').count()).toBe(0);
    expect(await page.evaluate(() => document.body.innerHTML)).toBe(body);
    await context.close();
  });

  test.each(['/t/plain', '/t/bar'])('no layout shift when the survey appears (%s)', async (path) => {
    const context = await env.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    await page.goto(env.demo.storeUrl + path);
    await booted(page);
    await page.evaluate(() => {
      const w = window as any;
      w.__shifts = [];
      new PerformanceObserver((list) => w.__shifts.push(...list.getEntries().map((e: any) => e.value))).observe({ type: 'layout-shift', buffered: true });
    });
    await page.waitForTimeout(300);
    const shiftsBefore = await page.evaluate(() => (window as any).__shifts.length);
    await openSurvey(page);
    await page.waitForTimeout(500);
    const shifts: number[] = await page.evaluate(() => (window as any).__shifts);
    expect(shifts.slice(shiftsBefore)).toEqual([]);
    expect(await page.locator('confidence-pulse [role=dialog]').isVisible()).toBe(true);
    await context.close();
  });
});
