import { chromium } from 'playwright-core';
import { startDemo } from './demo/startDemo.mjs';
import { readFileSync } from 'node:fs';
const src = readFileSync('tests/browser/page.test.ts', 'utf8');
const css = src.slice(src.indexOf('const HOSTILE_CSS = `') + 21, src.indexOf('`;', src.indexOf('const HOSTILE_CSS')));
let demo;
const cfg = JSON.parse(readFileSync('demo/surveys.json', 'utf8')); cfg.pages = { any: { match: ['/**'] } }; cfg.surveys[0].pages = ['any']; cfg.surveys[0].trigger = { pageIndex: 1 };
demo = await startDemo({ storePort: 0, collectorPort: 0, db: '/tmp/probe.sqlite', extraRoutes: {
  '/h.css': () => ({ type: 'text/css', body: css }),
  '/h': () => ({ type: 'text/html', headers: { 'content-security-policy': "default-src 'self'; connect-src *" }, body: `<html lang="en"><head><link rel="stylesheet" href="/h.css"><script type="application/json" id="confidence-pulse-config">${JSON.stringify(cfg)}</script><script src="/stub.js"></script><script async src="/confidence-pulse.js" data-endpoint="${demo.endpoint}"></script></head><body><main><h1>Hostile</h1><p>Paragraph text</p><button>Btn</button></main></body></html>` }) } });
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1280, height: 800 } });
await p.goto(demo.storeUrl + '/h');
await p.locator('confidence-pulse').getByRole('radiogroup').waitFor();
await p.waitForTimeout(400);
await p.screenshot({ path: '/tmp/cp-shots/hostile.png' });
await b.close(); await demo.close();
