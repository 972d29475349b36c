/**
 * The verdict as a marketer sees it, in real Chromium against the built collector, on three data sets:
 * 8 answers and 1 buyer (not enough data), 2,000 visitors whose confidence predicts purchase (yes), and
 * 2,000 whose purchases do not depend on it (no evidence). Screenshots: /tmp/cp-shots/report-verdict-*.png.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningCollector, StartCollectorOptions } from '../../src/collector/index';
import type { PulseEvent } from '../../src/contract/eventShapes';
import { seededRandom } from '../fixtures/seededRandom';
import { useBrowser } from './harness';

const SHOTS = '/tmp/cp-shots';
const DAY = 86_400_000;

/** Visitors answering once, 20 to 40 days ago, buying two hours later with `buys(confidence)`. */
function visitors(values: readonly number[], buys: (value: number, i: number) => boolean): PulseEvent[] {
  const start = Date.now() - 40 * DAY;
  const events: PulseEvent[] = [];
  values.forEach((value, i) => {
    const t = start + (i / values.length) * 20 * DAY;
    const base = {
      visitorId: `v${i}`,
      sessionId: `v${i}-s`,
      pageViewId: `v${i}-p`,
      responseId: `v${i}-r`,
      page: { type: i % 3 ? 'category' : 'comparison', path: '/c' },
      survey: { id: 'decision-confidence', version: 1, sampleRate: 1 },
      signals: { pageIndex: 1 + (i % 4), activeMs: 5000 + value * 3000, maxScrollDepth: 0.6, viewport: 'desktop' },
    };
    events.push({ ...base, id: `impression-${i}`, type: 'impression', ts: new Date(t).toISOString() });
    events.push({ ...base, id: `answer-${i}-x`, type: 'answer', ts: new Date(t + 4000).toISOString(), question: { id: 'confidence', type: 'scale', min: 1, max: 5 }, answer: { value } });
    if (buys(value, i)) {
      events.push({ id: `outcome-${i}`, type: 'outcome', ts: new Date(t + 2 * 3_600_000).toISOString(), visitorId: `v${i}`, sessionId: `v${i}-s2`, pageViewId: `v${i}-t`, page: { path: '/thanks' }, outcome: { name: 'purchase' } });
    }
  });
  return events;
}

function dataSets(): Record<string, PulseEvent[]> {
  const rand = seededRandom(3);
  const scale = () => {
    const r = rand();
    return r < 0.1 ? 1 : r < 0.25 ? 2 : r < 0.5 ? 3 : r < 0.8 ? 4 : 5;
  };
  const many = Array.from({ length: 2000 }, scale);
  const effect = visitors(many, (value) => rand() < 0.04 + 0.07 * (value - 1));
  // Every third visitor answers again six hours later, one point lower.
  const again = effect
    .filter((e) => e.type === 'answer' && Number(e.id.split('-')[1]) % 3 === 0)
    .map((e): PulseEvent => ({ ...e, id: `${e.id}-again`, ts: new Date(Date.parse(e.ts) + 6 * 3_600_000).toISOString(), responseId: `${e.responseId}-again`, answer: { value: Math.max(1, Number(e.answer!.value) - 1) } }));
  return {
    n8: visitors([5, 4, 4, 3, 3, 2, 2, 1], (_, i) => i === 0),
    repeat: [...effect, ...again],
    effect,
    none: visitors(many, () => rand() < 0.2),
  };
}

const env = useBrowser();
const collectors: Record<string, RunningCollector> = {};

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const built = (await import(new URL('../../packages/collector/dist/index.js', import.meta.url).href)) as {
    startCollector(options: StartCollectorOptions): Promise<RunningCollector>;
  };
  for (const [name, events] of Object.entries(dataSets())) {
    const collector = await built.startCollector({ port: 0, db: ':memory:', log: false, rateLimit: null });
    collectors[name] = collector;
    for (let i = 0; i < events.length; i += 500) {
      const response = await fetch(`${collector.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ v: 1, sentAt: new Date().toISOString(), events: events.slice(i, i + 500) }),
      });
      const body = (await response.json()) as { rejected: number };
      expect(body.rejected, JSON.stringify(body).slice(0, 600)).toBe(0);
    }
  }
});

afterAll(async () => {
  await Promise.all(Object.values(collectors).map((c) => c.close()));
});

test.each([
  ['n8', 'insufficient', /^Not enough data yet: needs about 9 more visitors with purchase within 7 days and 3 more without\.$/],
  ['effect', 'yes', /^Yes: confidence predicts purchase within 7 days\.$/],
  ['none', 'no', /^No evidence that confidence predicts purchase within 7 days\.$/],
])('%s: the verdict says %s in one sentence', async (name, state, headline) => {
  const page = await env.browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${collectors[name]!.url}/`);
  const verdict = page.locator('#verdict');
  expect(await verdict.getAttribute('data-state')).toBe(state);
  expect(await verdict.innerText()).toMatch(headline);
  await page.locator('section', { has: page.locator('#verdict') }).screenshot({ path: `${SHOTS}/report-verdict-${name}.png` });
  await page.close();
});

test('every answer: chosen on the page, counted as answers, the intervals clustered by visitor', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${collectors.repeat!.url}/`);
  const facts = page.locator('section.context');
  expect(await facts.innerText()).toMatch(/each visitor's first confidence answer in these dates \(2,000 visitors; 667 later answers/);
  await page.getByLabel('Unit', { exact: true }).selectOption('response');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/unit=response/);
  expect(await facts.innerText()).toMatch(/every confidence answer in these dates \(2,667 answers from 2,000 visitors, 667 of them repeats\)/);
  expect(await facts.innerText()).toMatch(/clustered by visitor/);
  expect(await page.locator('#verdict').getAttribute('data-state')).toBe('yes');
  expect(await page.locator('#verdict ~ p.note').allInnerTexts()).toContainEqual(expect.stringMatching(/Intervals count each visitor's answers together/));
  await expect.poll(() => page.getByRole('columnheader', { name: 'Answers' }).count()).toBeGreaterThan(0);
  await page.locator('section', { has: page.locator('#verdict') }).screenshot({ path: `${SHOTS}/report-verdict-every-answer.png` });
  await page.close();
});
