import { chromium } from 'playwright-core';
import { startDemo } from './demo/startDemo.mjs';
const demo = await startDemo({ storePort: 0, collectorPort: 0, db: '/tmp/probe.sqlite' });
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const ar = JSON.stringify({ version: 1, pages: { category: { match: ['/c/**'] } }, surveys: [{ id: 'ar', version: 1, pages: ['category'], trigger: { scrollDepth: 0.5 }, questions: [
  { id: 'confidence', type: 'scale', min: 1, max: 5, text: { ar: 'ما مدى ثقتك في قدرتك على اختيار المنتج المناسب؟' }, labels: { min: { ar: 'غير واثق إطلاقًا' }, max: { ar: 'واثق تمامًا' } } },
  { id: 'blocker', type: 'choice', multiple: true, text: { ar: 'ما الذي سيساعدك على اتخاذ القرار؟' }, options: [{ id: 'a', text: { ar: 'مقارنة أسهل' } }, { id: 'b', text: { ar: 'مزيد من المراجعات' } }], other: { maxLength: 100 } } ] }] });
async function shot(name, ctxOpts, { doc, answer } = {}) {
  const ctx = await b.newContext(ctxOpts);
  const p = await ctx.newPage();
  if (doc) await p.route('**/surveys.json', (r) => r.fulfill({ contentType: 'application/json', body: doc }));
  await p.goto(demo.storeUrl + '/c/shoes');
  await p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.55));
  await p.locator('confidence-pulse').getByRole('radiogroup').waitFor();
  if (answer) { await p.getByRole('radio').nth(1).click(); await p.getByRole('checkbox').last().click(); await p.getByRole('textbox').fill('x'); }
  await p.waitForTimeout(400);
  await p.screenshot({ path: `/tmp/cp-shots/${name}.png` });
  await ctx.close();
}
const desk = { viewport: { width: 1280, height: 800 } };
const mobile = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
await shot('light', desk);
await shot('light-choice', desk, { answer: true });
await shot('dark', { ...desk, colorScheme: 'dark' });
await shot('dark-choice', { ...desk, colorScheme: 'dark' }, { answer: true });
await shot('mobile', mobile);
await shot('mobile-choice', mobile, { answer: true });
await shot('rtl', desk, { doc: ar });
await shot('rtl-mobile', mobile, { doc: ar, answer: true });
await shot('forced', { ...desk, forcedColors: 'active' });
await b.close();
// positions
{
  const b2 = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
  for (const [name, position] of [['bar', 'bar'], ['inline', 'inline']]) {
    const ctx = await b2.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await ctx.newPage();
    const docu = JSON.parse(await (await fetch(demo.storeUrl + '/surveys.json')).text());
    docu.surveys[0].position = position;
    await p.route('**/surveys.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(docu) }));
    await p.goto(demo.storeUrl + '/c/shoes');
    if (position === 'inline') await p.evaluate(() => { const s = document.createElement('div'); s.setAttribute('data-cp-slot', ''); s.style.maxWidth = '600px'; document.querySelector('.guide').before(s); });
    await p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.55));
    await p.locator('confidence-pulse').getByRole('radiogroup').waitFor();
    await p.locator('confidence-pulse').scrollIntoViewIfNeeded().catch(() => {});
    await p.waitForTimeout(400);
    await p.screenshot({ path: `/tmp/cp-shots/${name}.png` });
    await ctx.close();
  }
  await b2.close();
}
await demo.close();
