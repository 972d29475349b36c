/**
 * The foundation's end-to-end path in real Chromium: the built script tag on the demo category page,
 * the survey answered with the keyboard only, and the events stored in the real collector's SQLite file.
 */
import { expect, test } from 'vitest';
import { readEvents, useDemo, waitFor } from './harness';

const env = useDemo();

test('scroll shows the survey; keyboard answers land in SQLite with their ids', async () => {
  const context = await env.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));

  await page.goto(`${env.demo.storeUrl}/c/shoes`);
  await page.waitForFunction(() => typeof (window as any).ConfidencePulse?.v === 'string');
  // Record the ids the widget reports, to find exactly those rows in the database.
  await page.evaluate(() => {
    const w = window as any;
    w.__events = [];
    for (const type of ['impression', 'answer', 'complete']) w.ConfidencePulse('on', type, (e: { id: string; type: string }) => w.__events.push(e));
  });
  expect(await page.locator('confidence-pulse').count()).toBe(0);

  // Half the page read: the trigger fires.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.55));
  const question = page.getByRole('radiogroup', { name: /How confident are you/ });
  await question.waitFor({ state: 'visible' });
  expect(await page.locator('confidence-pulse').count()).toBe(1);

  // A corner prompt never steals focus.
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('CONFIDENCE-PULSE');

  // Keyboard only: Tab into the survey, arrow to "2", Enter.
  await page.evaluate(() => window.scrollTo(0, 0));
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate(() => document.activeElement?.tagName === 'CONFIDENCE-PULSE' && document.activeElement.shadowRoot?.activeElement?.getAttribute('type') === 'radio');
    if (inside) break;
  }
  await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('type'))).toBe('radio');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');

  // A low score brings the follow-up.
  const followUp = page.getByRole('group', { name: /What would help you decide/ });
  await followUp.waitFor({ state: 'visible' });
  const reviews = page.getByRole('checkbox', { name: 'More reviews' });
  for (let i = 0; i < 10 && !(await reviews.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Space');
  expect(await reviews.isChecked()).toBe(true);
  const submit = page.getByRole('button', { name: 'Send' });
  for (let i = 0; i < 10 && !(await submit.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();

  await page.evaluate(() => (window as any).ConfidencePulse('flush'));
  const reported = await page.evaluate(() => (window as any).__events as { id: string; type: string }[]);
  expect(reported.map((e) => e.type)).toEqual(['impression', 'answer', 'answer', 'complete']);

  const rows = await waitFor(() => {
    const stored = readEvents(env.demo.db);
    return reported.every((e) => stored.some((r) => r.id === e.id)) ? stored : undefined;
  }, 15_000, 'events in SQLite');
  const answers = rows.filter((r) => r.type === 'answer').map((r) => JSON.parse(r.body));
  expect(answers.map((a) => [a.question.id, a.answer.value])).toEqual([
    ['confidence', 2],
    ['blocker', ['reviews']],
  ]);
  const first = answers[0];
  expect(first.survey).toMatchObject({ id: 'decision-confidence', version: 1, sampleRate: 1 });
  expect(first.page).toEqual({ type: 'category', path: '/c/shoes' });
  expect(first.trigger).toBe('scrollDepth');
  expect(first.signals.maxScrollDepth).toBeGreaterThanOrEqual(0.5);
  expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  // The queue is empty once the collector has confirmed.
  await expect.poll(() => page.evaluate(async () => (await (window as any).ConfidencePulse('stats')).queued)).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
});

test('an invalid document: one console error naming the path, nothing shown, the page unharmed', async () => {
  const bad = JSON.stringify({ version: 1, pages: { category: { match: ['/c/**'] } }, surveys: [{ id: 's', version: 1, pages: ['category'], trigger: { scrollDepth: 0 }, questions: [{ id: 'q', type: 'scale', min: 5, max: 1, text: 'Sure?' }] }] });
  const context = await env.newContext();
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.route('**/surveys.json', (route) => route.fulfill({ contentType: 'application/json', body: bad }));
  await page.goto(`${env.demo.storeUrl}/c/shoes`);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect.poll(() => consoleErrors.length).toBe(1);
  expect(consoleErrors[0]).toContain('surveys[0].questions[0].max: must be greater than min (5)');
  expect(await page.locator('confidence-pulse').count()).toBe(0);
  expect(pageErrors).toEqual([]);
  await context.close();
});
