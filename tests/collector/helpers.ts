/** Shared by the collector's HTTP tests: a collector on 127.0.0.1 with a temp SQLite file, events, a CSV reader. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector, type StartCollectorOptions } from '../../src/collector/index';
import { answerEvent as sharedAnswerEvent } from '../fixtures/events';

/** Collectors started by `start`, closed (and their folders removed) by `stopAll`. */
const running: { collector: RunningCollector; dir: string }[] = [];

export async function start(options: StartCollectorOptions = {}): Promise<RunningCollector> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-collector-'));
  const collector = await startCollector({ port: 0, host: '127.0.0.1', db: join(dir, 'pulse.sqlite'), ...options });
  running.push({ collector, dir });
  return collector;
}

export async function stopAll(): Promise<void> {
  const all = running.splice(0);
  await Promise.all(all.map(({ collector }) => collector.close()));
  for (const { dir } of all) rmSync(dir, { recursive: true, force: true });
}

/** The shared answer event, dated now (inside the collector's time window); overrides may be anything, valid or not. */
export function answerEvent(overrides: Record<string, unknown> = {}) {
  return { ...sharedAnswerEvent(), ts: new Date().toISOString(), ...overrides };
}

export function batch(events: unknown[]) {
  return { v: 1, sentAt: new Date().toISOString(), events };
}

export function post(collector: RunningCollector, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${collector.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Reads RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}
