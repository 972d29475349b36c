// `npm run screenshots [DIR]`: the survey as respondents see it, for checking by eye after a UI change.
// Serves the demo store with the multilingual example on 127.0.0.1 and photographs the first question and the
// follow-up in light, dark, forced colours, a phone and Arabic (right to left). Writes DIR (default /tmp/cp-shots).
// Run `npm run build` first: it photographs the built files.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemo } from '../demo/startDemo.mjs';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
const out = process.argv[2] ?? '/tmp/cp-shots';
mkdirSync(out, { recursive: true });

/** Each look: browser context options, and the page language. */
const LOOKS = [
  { name: 'light', lang: 'en', context: { viewport: { width: 1280, height: 800 } } },
  { name: 'dark', lang: 'en', context: { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' } },
  { name: 'forced-colours', lang: 'en', context: { viewport: { width: 1280, height: 800 }, forcedColors: 'active' } },
  { name: 'phone', lang: 'en', context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  { name: 'rtl', lang: 'ar', context: { viewport: { width: 1280, height: 800 } } },
];

const demo = await startDemo({
  storePort: 0,
  collectorPort: 0,
  db: join(mkdtempSync(join(tmpdir(), 'cp-shots-')), 'shots.sqlite'),
  config: fileURLToPath(new URL('../demo/surveys/multilingual.json', import.meta.url)),
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });
try {
  for (const look of LOOKS) {
    const context = await browser.newContext(look.context);
    const page = await context.newPage();
    await page.goto(`${demo.storeUrl}/c/shoes?lang=${look.lang}&cp-show=decision-confidence-intl`);
    const survey = page.locator('confidence-pulse');
    await survey.getByRole('radio').first().waitFor();
    // The entrance animation lasts 0.2 s.
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${out}/survey-${look.name}.png` });
    // A low score brings the follow-up.
    await survey.getByRole('radio').nth(1).click();
    await survey.getByRole('checkbox').first().waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${out}/survey-${look.name}-follow-up.png` });
    console.log(`${out}/survey-${look.name}.png, ${out}/survey-${look.name}-follow-up.png`);
    await context.close();
  }
} finally {
  await browser.close();
  await demo.close();
}
