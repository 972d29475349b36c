/**
 * The CSP section of docs/delivery.md, proved: the built script tag and its UI chunk on a page whose policy allows only
 * `script-src 'self'` and `connect-src` for the collector, and nothing at all for styles, images or frames.
 * The survey must show and deliver, with not a single violation reported.
 */
import { expect, test } from 'vitest';
import { readEvents, useDemo, waitFor } from './harness';

const html = (endpoint: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strict CSP</title>
<script src="/stub.js"></script>
<script async src="/confidence-pulse.js" data-endpoint="${endpoint}" data-config="/surveys.json"></script>
</head><body data-cp-page="category"><h1>A page under a strict policy</h1>${'<p>Plenty of text to scroll through.</p>'.repeat(300)}</body></html>`;

const env = useDemo({
  extraRoutes: {
    '/strict': () => ({
      type: 'text/html; charset=utf-8',
      body: html(env.demo.endpoint),
      headers: {
        'content-security-policy': `default-src 'none'; script-src 'self'; connect-src 'self' ${new URL(env.demo.endpoint).origin}; style-src 'none'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      },
    }),
  },
});

test("runs under default-src 'none' with only script-src 'self' and connect-src for the endpoint: no violation", async () => {
  const context = await env.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  await page.goto(`${env.demo.storeUrl}/strict`);
  await page.waitForFunction(() => typeof (window as any).ConfidencePulse?.v === 'string');
  await page.evaluate(() => {
    (window as any).__ids = [];
    for (const type of ['impression', 'answer', 'complete']) (window as any).ConfidencePulse('on', type, (e: { id: string }) => (window as any).__ids.push(e.id));
  });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.55));
  await page.getByRole('radiogroup', { name: /How confident are you/ }).waitFor({ state: 'visible' });
  // Styled by the adopted stylesheet although style-src is 'none': the card is laid out as a fixed corner card.
  expect(await page.locator('confidence-pulse').evaluate((host) => getComputedStyle(host.shadowRoot!.firstElementChild!).position)).not.toBe('static');
  await page.getByRole('radio', { name: /^5/ }).click();
  await page.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();
  await page.evaluate(() => (window as any).ConfidencePulse('flush'));
  const ids = (await page.evaluate(() => (window as any).__ids)) as string[];
  expect(ids).toHaveLength(3);
  await waitFor(() => ids.every((id) => readEvents(env.demo.db).some((r) => r.id === id)), 15_000, 'events in SQLite');
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
