/**
 * Behavioural signals in real Chromium, on purpose-built pages loading the built script tag: each test acts like a
 * visitor (scrolls, clicks, waits, switches tabs) and asserts the numbers the widget records, with tolerances where
 * time is involved. Signals are read through the public API: an `outcome` event carries a snapshot of them.
 */
import { expect, test } from 'vitest';
import { launchTabs, openPage, probe, readEvents, testPage, useDemo, waitFor, type Page } from './harness';

/** Tile `id` at `top` px (200 px tall). */
const tile = (id: string, top: number) => `<div class="tile" data-cp-product="${id}" style="top:${top}px"></div>`;

const SURVEY = {
  id: 'mind',
  version: 1,
  pages: ['test'],
  // Never fires by itself: the tests show it with the `show` command.
  trigger: { event: 'never' },
  questions: [
    { id: 'confidence', type: 'scale', min: 1, max: 5, text: 'How confident are you?' },
    {
      id: 'blocker',
      type: 'choice',
      multiple: true,
      when: { question: 'confidence', lte: 3 },
      text: 'What would help you decide?',
      options: [
        { id: 'compare', text: 'Comparing' },
        { id: 'reviews', text: 'Reviews' },
      ],
    },
  ],
};

const page = (body: string, config?: object) => () => ({ type: 'text/html', body: testPage(env.demo.endpoint, body, config) });
const routes = {
  '/t/long': page('<div style="height:4000px"></div>'),
  '/t/short': page('<p>Short page.</p>'),
  '/t/clicks': page('<button id="b" style="position:absolute;left:100px;top:100px;width:200px;height:60px">Press</button>'),
  '/t/products': page(
    [tile('a', 100), tile('b', 1200), tile('a', 2200), tile('c', 3200), tile('d', 4200), tile('e', 4740)].join('') +
      '<div style="height:6000px"></div>',
  ),
  '/t/idle': page('<p>Wait here.</p>'),
  '/t/record': page('<p>Recorded.</p>', { recordPageViews: true }),
  '/t/survey': page('<p>Survey.</p>', { surveys: [SURVEY] }),
};

const env = useDemo({ extraRoutes: routes });

/** Opens a test page of this file's demo. */
const open = (p: Page, path: string) => openPage(p, `${env.demo.storeUrl}${path}`);

/** Lets two animation frames pass, so the scroll handler has measured. */
const frames = (p: Page) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function desktop() {
  const context = await env.newContext({ viewport: { width: 1280, height: 800 } });
  return { context, page: await context.newPage() };
}

test('scroll a page to 70% and back: depth 0.7, one reversal, wheel input', async () => {
  const { context, page: p } = await desktop();
  await open(p, '/t/long');
  await p.mouse.move(640, 400);
  for (let i = 0; i < 4; i++) await p.mouse.wheel(0, 500);
  await p.waitForFunction(() => window.scrollY === 2000);
  await frames(p);
  for (let i = 0; i < 4; i++) await p.mouse.wheel(0, -500);
  await p.waitForFunction(() => window.scrollY === 0);
  await frames(p);
  const s = await probe(p);
  // (2000 + 800) / 4000: the bottom of the viewport reached 70% of the document.
  expect(s.maxScrollDepth).toBe(0.7);
  expect(s.scrollReversals).toBe(1);
  expect(s.inputModality).toBe('mouse');
  expect(s.timeToFirstInteractionMs).toBeGreaterThan(0);
  await context.close();
});

test('a page shorter than the viewport is read in full without scrolling', async () => {
  const { context, page: p } = await desktop();
  await open(p, '/t/short');
  expect((await probe(p)).maxScrollDepth).toBe(0);
  // Measured on the first 1 s tick, once the page has laid out.
  await expect.poll(async () => (await probe(p)).maxScrollDepth, { timeout: 3000 }).toBe(1);
  expect((await probe(p)).scrollReversals).toBe(0);
  await context.close();
});

test('three quick clicks are one rage click; slow or keyboard clicks are not', async () => {
  const { context, page: p } = await desktop();
  await open(p, '/t/clicks');
  for (let i = 0; i < 3; i++) await p.mouse.click(200 + i * 3, 130, { delay: 20 });
  expect(await probe(p)).toMatchObject({ clicks: 3, rageClicks: 1, inputModality: 'mouse' });
  await sleep(1100);
  for (let i = 0; i < 3; i++) {
    await p.mouse.click(200, 130);
    await sleep(600);
  }
  expect(await probe(p)).toMatchObject({ clicks: 6, rageClicks: 1 });
  await p.focus('#b');
  for (let i = 0; i < 3; i++) await p.keyboard.press('Enter');
  expect(await probe(p)).toMatchObject({ clicks: 9, rageClicks: 1 });
  await context.close();
});

test('product tiles: half visible for 1 s, each product once, new tiles too', async () => {
  const { context, page: p } = await desktop();
  await open(p, '/t/products');
  await sleep(1500);
  expect((await probe(p)).productsViewed).toBe(1);
  await p.evaluate(() => window.scrollTo(0, 1000));
  await sleep(1500);
  expect((await probe(p)).productsViewed).toBe(2);
  // The second tile of product "a" is the same product.
  await p.evaluate(() => window.scrollTo(0, 2000));
  await sleep(1500);
  expect((await probe(p)).productsViewed).toBe(2);
  // "c" passes by in 300 ms; "e" peeks in by 30% only.
  await p.evaluate(() => window.scrollTo(0, 3000));
  await sleep(300);
  await p.evaluate(() => window.scrollTo(0, 4000));
  await sleep(1500);
  expect((await probe(p)).productsViewed).toBe(3);
  // A tile added later (a list that grows) is found on the next tick.
  await p.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<div class="tile" data-cp-product="f" style="top:4450px"></div>'));
  await expect.poll(async () => (await probe(p)).productsViewed, { timeout: 4000 }).toBe(4);
  await context.close();
});

test('idle: 10 s without input is one idle period, and active time stops', async () => {
  const { context, page: p } = await desktop();
  await open(p, '/t/idle');
  await p.keyboard.press('Shift');
  const pressed = (await probe(p)).totalMs;
  await sleep(11_500);
  const s = await probe(p);
  expect(s.idlePeriods).toBe(1);
  expect(s.inputModality).toBe('keyboard');
  expect(s.totalMs).toBeGreaterThan(pressed + 11_000);
  // Active until 10 s after the key press, then nothing.
  expect(Math.abs(s.activeMs - (pressed + 10_000))).toBeLessThan(500);
  await context.close();
});

test('switching tabs: hidden time apart from active time; one pageview per page view', async () => {
  const tabs = await launchTabs();
  try {
    const [p] = tabs.context.pages();
    await open(p!, '/t/record');
    await sleep(1000);
    const other = await tabs.context.newPage();
    await p!.waitForFunction(() => document.visibilityState === 'hidden');
    await sleep(2000);
    await p!.bringToFront();
    await p!.waitForFunction(() => document.visibilityState === 'visible');
    await sleep(500);
    const s = await probe(p!);
    expect(s.hiddenMs).toBeGreaterThan(1800);
    expect(s.hiddenMs).toBeLessThan(2800);
    expect(s.activeMs + s.hiddenMs).toBeGreaterThan(s.totalMs - 50);
    expect(s.activeMs + s.hiddenMs).toBeLessThanOrEqual(s.totalMs + 1);
    // Hidden and shown again, twice more: still one pageview for this page view.
    for (let i = 0; i < 2; i++) {
      await other.bringToFront();
      await p!.waitForFunction(() => document.visibilityState === 'hidden');
      await p!.bringToFront();
      await p!.waitForFunction(() => document.visibilityState === 'visible');
    }
    await p!.evaluate(() => (window as any).ConfidencePulse('flush'));
    const rows = await waitFor(() => {
      const found = readEvents(env.demo.db).map((r) => JSON.parse(r.body)).filter((e) => e.pageViewId === s.pageViewId && e.type === 'pageview');
      return found.length ? found : undefined;
    });
    await sleep(500);
    expect(readEvents(env.demo.db).filter((r) => r.type === 'pageview' && JSON.parse(r.body).pageViewId === s.pageViewId)).toHaveLength(1);
    // The signals at the first hide: about a second, all of it active.
    expect(rows[0].signals.hiddenMs).toBeLessThan(50);
    expect(rows[0].signals.activeMs).toBeGreaterThan(800);
    expect(rows[0].signals.activeMs).toBeLessThan(s.activeMs);
  } finally {
    await tabs.close();
  }
});

test('answering after changing one’s mind: answer changes, time to answer paused while hidden, trigger and dismissal', async () => {
  const tabs = await launchTabs();
  try {
    const [p] = tabs.context.pages();
    await open(p!, '/t/survey');
    await p!.evaluate(() => {
      const w = window as any;
      w.__events = [];
      for (const type of ['impression', 'answer', 'complete', 'dismiss']) w.ConfidencePulse('on', type, (e: unknown) => w.__events.push(e));
      w.ConfidencePulse('show', 'mind', { force: true });
    });
    await p!.getByRole('radiogroup').waitFor();
    const shown = Date.now();
    await sleep(800);
    const other = await tabs.context.newPage();
    await p!.waitForFunction(() => document.visibilityState === 'hidden');
    await sleep(2000);
    await p!.bringToFront();
    await p!.waitForFunction(() => document.visibilityState === 'visible');
    // Keyboard: into the scale, then 2, 3, 4, back to 3, 2, and Enter.
    for (let i = 0; i < 20; i++) {
      await p!.keyboard.press('Tab');
      if (await p!.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('type') === 'radio')) break;
    }
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowLeft', 'ArrowLeft', 'Enter']) await p!.keyboard.press(key);
    const elapsed = Date.now() - shown;
    // The follow-up, by mouse: tick Comparing, tick Reviews, untick Comparing, Send.
    await p!.getByRole('group', { name: 'What would help you decide?' }).waitFor();
    for (const name of ['Comparing', 'Reviews', 'Comparing']) await p!.getByRole('checkbox', { name }).click();
    await p!.getByRole('button', { name: 'Send' }).click();
    await p!.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();
    const events = await p!.evaluate(() => (window as any).__events as any[]);
    const [scale, choice] = events.filter((e) => e.type === 'answer');
    expect(scale.answer.value).toBe(2);
    expect(scale.signals.answerChanges).toBe(4);
    // About 0.8 s before the tab switch plus the keyboard time after it; never the 2 s away.
    expect(scale.signals.timeToAnswerMs).toBeGreaterThan(700);
    expect(scale.signals.timeToAnswerMs).toBeLessThan(elapsed - 1800);
    expect(scale.signals.hiddenMs).toBeGreaterThan(1800);
    expect(choice.answer.value).toEqual(['reviews']);
    expect(choice.signals.answerChanges).toBe(2);
    expect(events.every((e) => e.trigger === 'show')).toBe(true);
    await other.close();

    // Shown again and dismissed with Escape: the dismissal says how.
    await sleep(3000);
    await p!.evaluate(() => (window as any).ConfidencePulse('show', 'mind', { force: true }));
    await p!.getByRole('radiogroup').waitFor();
    await p!.keyboard.press('Tab');
    await p!.keyboard.press('Escape');
    await expect.poll(() => p!.evaluate(() => (window as any).__events.filter((e: any) => e.type === 'dismiss').map((e: any) => e.dismiss.method))).toEqual(['escape']);
  } finally {
    await tabs.close();
  }
});
