import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { directionOf } from '../widget/display/pickLocale';
import type { CliIo } from './cliIo';
import { planPreview } from './planPreview';
import { checkDocumentText, readDocumentFile } from '../contract/validation/readDocumentFile';
import { summarizeTrigger } from './summarizeDocument';
import { UsageError } from './usageError';

/** The store port `preview` listens on unless `--port` says otherwise (the demo's). */
export const PREVIEW_PORT = 8080;

/** What `demo/startDemo.mjs` returns (a plain ESM module shipped in the package). */
interface RunningDemo {
  storeUrl: string;
  collectorUrl: string;
  close(): Promise<void>;
}
type Route = () => { type: string; body: string };
interface DemoModules {
  startDemo(options: { storePort: number; collectorPort: number; host: string; db: string; config: string; extraRoutes: Record<string, Route> }): Promise<RunningDemo>;
  DEMO_PAGES: { path: string; title: string }[];
}

/**
 * `confidence-pulse preview FILE`: validates the document (exit 1 with its problems), then serves the demo
 * store with it and a collector with a temporary database, and prints, for each survey, the demo pages it
 * targets and a URL that shows it at once. The file is re-read on every page load and re-checked, so a
 * researcher can edit and reload. Resolves with the exit code after shutdown.
 */
export async function previewCommand(args: string[], io: CliIo, usage: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'collector-port': { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(usage);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('give one FILE, e.g. confidence-pulse preview surveys.json');
  const file = resolve(positionals[0]!);
  const read = await readDocumentFile(file);
  if (!read.ok) {
    read.problems.forEach((line) => io.err(line));
    io.err(`Not previewing: fix ${read.problems.length === 1 ? 'this problem' : `these ${read.problems.length} problems`} first.`);
    return 1;
  }
  const storePort = port('--port', values.port, PREVIEW_PORT);
  const collectorPort = port('--collector-port', values['collector-port'], 0);
  const host = values.host ?? '127.0.0.1';

  const root = packageRoot();
  const { startDemo } = (await import(new URL('demo/startDemo.mjs', root).href)) as DemoModules;
  const { DEMO_PAGES } = (await import(new URL('demo/pages.mjs', root).href)) as DemoModules;

  // Re-read on each request, so an edit shows on reload; report a changed file's problems here too.
  let served = read.text;
  const serveDocument: Route = () => {
    let text = served;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // Mid-save or moved: keep serving the last version.
    }
    if (text !== served) {
      served = text;
      const checked = checkDocumentText(file, text);
      if (checked.ok) io.out(`${file} changed: ok`);
      else {
        io.err(`${file} changed: the widget will show nothing until these are fixed:`);
        checked.problems.forEach((line) => io.err(line));
      }
    }
    return { type: 'application/json', body: text };
  };

  const dir = await mkdtemp(join(tmpdir(), 'cp-preview-'));
  let demo: RunningDemo;
  try {
    demo = await startDemo({ storePort, collectorPort, host, db: join(dir, 'preview.sqlite'), config: file, extraRoutes: { '/surveys.json': serveDocument } });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if ((error as { code?: string }).code === 'EADDRINUSE') throw new Error(`a port is busy (${(error as Error).message}); choose others with --port and --collector-port (0 picks a free one)`);
    throw error;
  }

  printPlan(read.doc, file, demo, DEMO_PAGES, io);
  const signal = await io.untilShutdown();
  io.out(`${signal}: stopping the preview…`);
  await demo.close();
  await rm(dir, { recursive: true, force: true });
  io.out('Preview stopped.');
  return 0;
}

function printPlan(doc: Parameters<typeof planPreview>[0], file: string, demo: RunningDemo, pages: DemoModules['DEMO_PAGES'], io: CliIo): void {
  const plan = planPreview(doc, pages.map((p) => p.path));
  const url = (path: string, query = '') => `${demo.storeUrl}${path}${query}`;
  io.out(`Previewing ${file} (${doc.surveys.length} survey${doc.surveys.length === 1 ? '' : 's'}) at ${demo.storeUrl}`);
  io.out(`Answers go to a temporary collector, deleted on exit. Its report: ${demo.collectorUrl}/`);
  doc.surveys.forEach((survey, i) => {
    const { pages } = plan.surveys[i]!;
    io.out('');
    io.out(`${survey.id} v${survey.version} · trigger ${summarizeTrigger(survey.trigger)} · sample ${survey.sample ?? 1}`);
    for (const page of pages) io.out(`  ${page.type.padEnd(12)} ${url(page.path)}${page.generic ? ' (generic page, see below)' : ''}`);
    io.out(`  ${'show now'.padEnd(12)} ${url(pages[0]!.path, `?cp-show=${encodeURIComponent(survey.id)}`)}`);
    // The widget follows <html lang>, which the demo store sets from ?lang=.
    const text = survey.questions[0]!.text;
    for (const language of typeof text === 'object' ? Object.keys(text).slice(1) : []) {
      const show = url(pages[0]!.path, `?cp-show=${encodeURIComponent(survey.id)}&lang=${encodeURIComponent(language)}`);
      io.out(`  ${`in ${language}`.padEnd(12)} ${show}${directionOf(language) === 'rtl' ? ' (right to left)' : ''}`);
    }
    if ((survey.sample ?? 1) < 1) io.out(`  note: only ${Math.round((survey.sample ?? 1) * 1000) / 10}% of visitors are sampled in; if this browser is not, use "show now"`);
  });
  if (plan.generic.length) {
    io.out('');
    io.out(`No demo store page matches the URL rules of: ${plan.generic.join(', ')}.`);
    io.out('Those are previewed at /preview/<page type>, a page that declares its type with data-cp-page="<page type>" on <html>.');
    io.out(`On your site, such a page needs a URL that matches the rule in "pages", or the attribute on its <html> or <body>, e.g. data-cp-page="${plan.generic[0]}".`);
  }
  io.out('');
  io.out('"show now" skips the trigger, sampling and caps. Otherwise each survey shows once per visitor (unless cooldownDays): "Reset demo visitor" on any page forgets that.');
  io.out(`Edit ${file} and reload a page to see the change; problems are printed here. Ctrl+C stops.`);
}

function port(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n > 65535) throw new UsageError(`${flag} must be a whole number from 0 to 65535, got "${text}"`);
  return n;
}

/**
 * The installed package's folder, which holds `demo/` beside `dist/`: found by walking up from this module,
 * which is `dist/cli.js` in the package and `src/cli/previewCommand.ts` in the repository.
 */
function packageRoot(): URL {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    if (existsSync(new URL('demo/startDemo.mjs', dir)) && existsSync(new URL('package.json', dir))) return dir;
    if (dir.pathname === '/') throw new Error('cannot find demo/startDemo.mjs beside this package; reinstall confidence-pulse');
  }
}
