/**
 * Shared set-up for real-browser tests: Debian's Chromium through playwright-core, the demo store and a real
 * collector on 127.0.0.1 with a fresh SQLite file per test file. A test file calls `useDemo()` (or `useBrowser()`)
 * once at its top; the rest are helpers for pages and the database.
 */
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CHROMIUM } from '../setup/chromium';
// @ts-expect-error: plain ESM helper without types
import { startDemo } from '../../demo/startDemo.mjs';

/** The launch flags this machine needs (closed network, no sandbox as root). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export interface Demo {
  storeUrl: string;
  collectorUrl: string;
  endpoint: string;
  db: string;
  close(): Promise<void>;
}

/** Chromium; `bfcache` keeps the back/forward cache on (Playwright turns it off by default). */
export async function launch({ bfcache = false } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, ...(bfcache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}) });
}

/** A Chromium whose tabs really hide and show, with the back/forward cache on: see `launchTabs`. */
export interface Tabs {
  browser: Browser;
  /** The browser's default context: every page opened in it is a tab of one window. */
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts a Chromium of our own and attaches to it, for tests of hidden time and the back/forward cache.
 *
 * Pages from `launch()` always report `visibilityState: 'visible'`: Playwright enables focus emulation in every
 * context it creates, and that keeps a page "captured", so visible. Attached with `noDefaults`, the default context
 * skips that, and opening or fronting another tab hides the first one, as in a real browser. Playwright's own launch
 * also passes `--disable-back-forward-cache`; this one does not.
 */
export async function launchTabs(): Promise<Tabs> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-chromium-'));
  const child = spawn(CHROMIUM, [...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${dir}`, '--window-size=1280,800', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${output}`)), 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
      const found = /DevTools listening on (ws:\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited with ${code}:\n${output}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true });
  return {
    browser,
    context: browser.contexts()[0]!,
    async close() {
      await browser.close().catch(() => {});
      child.kill();
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
      // Chromium's helper processes may still be writing the profile for a moment.
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch {
        // A temp folder left behind is harmless.
      }
    },
  };
}

/** Options of the demo (`demo/startDemo.mjs`): `extraRoutes`, `config`, `endpoint`. */
export type DemoOptions = Record<string, unknown>;

/** The demo store and collector on free ports, with a SQLite file in a new temp folder. */
export async function startTestDemo(options: DemoOptions = {}): Promise<Demo> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-browser-'));
  return startDemo({ storePort: 0, collectorPort: 0, db: join(dir, 'pulse.sqlite'), ...options });
}

/** A test file's Chromium, from `useBrowser()`: read `browser` inside tests and hooks, once the file has started. */
export interface BrowserFixture {
  readonly browser: Browser;
  /** A fresh context, closed after the test if the test has not closed it, so a failed test leaves no page running. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/** A test file's Chromium and demo, from `useDemo()`. */
export interface DemoFixture extends BrowserFixture {
  readonly demo: Demo;
}

/** Registers the hooks that launch Chromium before the file's (or `describe`'s) tests and close it after them. */
export function useBrowser(options: { bfcache?: boolean } = {}): BrowserFixture {
  return useFixture(options);
}

/**
 * Registers the hooks that launch Chromium and start the demo (`startTestDemo(options)`) side by side before the
 * file's tests, and close both after them. Routes may read `demo` lazily: they are called only once it has started.
 */
export function useDemo(options: DemoOptions = {}, launchOptions: { bfcache?: boolean } = {}): DemoFixture {
  return useFixture(launchOptions, options);
}

function useFixture(launchOptions: { bfcache?: boolean }, demoOptions?: DemoOptions): DemoFixture {
  let browser: Browser | undefined;
  let demo: Demo | undefined;
  const contexts = new Set<BrowserContext>();
  beforeAll(() =>
    settle([
      launch(launchOptions).then((b) => void (browser = b)),
      demoOptions && startTestDemo(demoOptions).then((d) => void (demo = d)),
    ]),
  );
  afterEach(() => settle([...contexts].map((context) => context.close())));
  // The browser first, so that its pages' last beacons reach a collector still running.
  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await demo?.close();
    }
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the test file's ${what} has not started: use it inside a test or hook`);
    return value;
  };
  return {
    get browser() {
      return started(browser, 'Chromium');
    },
    get demo() {
      return started(demo, 'demo (useDemo, not useBrowser)');
    },
    async newContext(options) {
      const context = await started(browser, 'Chromium').newContext(options);
      contexts.add(context);
      context.once('close', () => contexts.delete(context));
      return context;
    },
  };
}

/** Waits for every task, so that one failing does not leave the others running, then throws the first failure. */
async function settle(tasks: readonly unknown[]): Promise<void> {
  const failed = (await Promise.allSettled(tasks)).find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Rows of the real collector's database, read through a second connection. */
export function readEvents(db: string): { id: string; type: string; body: string }[] {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare('SELECT id, type, body FROM events ORDER BY received_at, id').all() as { id: string; type: string; body: string }[];
  } finally {
    conn.close();
  }
}

/** Polls until `check` returns a truthy value or the time is up. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A purpose-built page (for `extraRoutes`) loading the built script tag as a marketer would, with an inline survey
 * document: page type `type` through `data-cp-page`, pages under `/t/` typed `test`, and `body` as given.
 */
export function testPage(endpoint: string, body: string, config: object = {}, type = 'test'): string {
  const doc = { version: 1, pages: { test: { match: ['/t/**'] } }, surveys: [], ...config };
  return `<!doctype html>
<html lang="en" data-cp-page="${type}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{margin:0;font:16px sans-serif}.tile{position:absolute;left:20px;width:300px;height:200px;background:#ccd}</style>
<script type="application/json" id="confidence-pulse-config">${JSON.stringify(doc)}</script>
<script src="/stub.js"></script>
<script async src="/confidence-pulse.js" data-endpoint="${endpoint}"></script>
</head><body>${body}</body></html>`;
}

/** Opens `url` and waits for the script tag to have started. */
export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => typeof (window as any).ConfidencePulse?.v === 'string');
}

/**
 * The signals of the page view now, read through the public API: an `outcome` event named `probe` carries a
 * snapshot of them (returned with the event's ids).
 */
export async function probe(page: Page): Promise<Record<string, any>> {
  const event = await page.evaluate(
    () =>
      new Promise<any>((resolve) => {
        const w = window as any;
        const off = w.ConfidencePulse('on', 'outcome', (e: any) => {
          off();
          resolve(e);
        });
        w.ConfidencePulse('outcome', 'probe');
      }),
  );
  return { ...event.signals, pageViewId: event.pageViewId, sessionId: event.sessionId, visitorId: event.visitorId };
}

export type { Browser, BrowserContext, Page };
