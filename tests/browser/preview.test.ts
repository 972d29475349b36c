/**
 * `confidence-pulse preview` in real Chromium: the multilingual example's "show now" URL in Arabic shows the
 * survey right to left at once, and its answers reach the preview's collector with the Arabic labels shown.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { main } from '../../src/cli/main';
import { testIo } from '../cli/testIo';
import { useBrowser } from './harness';

const env = useBrowser();
let preview: ReturnType<typeof testIo>;
let exit: Promise<number>;

beforeAll(async () => {
  preview = testIo();
  exit = main(['preview', join(process.cwd(), 'demo/surveys/multilingual.json'), '--port', '0'], preview.io);
  await preview.waitFor(/Ctrl\+C stops\.$/);
});
afterAll(async () => {
  preview.stop('SIGINT');
  expect(await exit).toBe(0);
});

test('the printed "in ar" URL shows the survey at once, right to left, and its answers reach the report', async () => {
  const line = preview.out.find((l) => l.startsWith('  in ar'))!;
  const url = /(http:\/\/\S+)/.exec(line)![1]!;
  const report = /Its report: (http:\/\/\S+)$/.exec(preview.out[1]!)![1]!;

  const context = await env.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  await page.goto(url);

  // No scrolling, no waiting: "show now" skips the trigger, the 0–1 sample and the caps.
  const dialog = page.getByRole('dialog', { name: 'ما مدى ثقتك في قدرتك على اختيار المنتج المناسب؟' });
  await dialog.waitFor({ state: 'visible' });
  expect(await dialog.getAttribute('dir')).toBe('rtl');
  expect(await dialog.getAttribute('lang')).toBe('ar');

  await page.getByRole('radio', { name: '1, لست واثقًا على الإطلاق' }).click();
  await page.getByRole('checkbox', { name: 'مزيد من التقييمات' }).click();
  await page.getByRole('button', { name: 'إرسال' }).click();
  await page.getByText('شكرًا لك!').first().waitFor({ state: 'visible' });
  await page.evaluate(() => (window as any).ConfidencePulse('flush'));

  // The answers, with their Arabic labels, reach the collector (read back through its export).
  const exported = report.replace(/\/$/, '') + '/v1/export?format=ndjson';
  await expect.poll(async () => (await fetch(exported)).text(), { timeout: 10_000 }).toContain('مزيد من التقييمات');
  expect(await (await fetch(exported)).text()).toContain('لست واثقًا على الإطلاق');
  expect(errors).toEqual([]);
  await context.close();
});
