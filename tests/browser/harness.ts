/**
 * Shared set-up for real-browser tests: Debian's Chromium through playwright-core, the demo store and a real
 * collector on 127.0.0.1 with a fresh SQLite file per test file.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
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

/** The demo store and collector on free ports, with a SQLite file in a new temp folder. */
export async function startTestDemo(options: Record<string, unknown> = {}): Promise<Demo> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-browser-'));
  return startDemo({ storePort: 0, collectorPort: 0, db: join(dir, 'pulse.sqlite'), ...options });
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

export type { Browser, BrowserContext };
