// `npm run bench:vs-posthog`: the demo's category page with this widget, with PostHog (with and without its surveys)
// and with neither (the floor), the same one-question rating survey for both tools, interleaved first-time visits in
// Chromium, everything served on 127.0.0.1 (PostHog's API by bench/posthogMock.mjs). Prints a markdown table;
// `--write` also puts it into BENCHMARKS.md between its markers. Nothing else is written outside bench/.cache/.
//
//   node bench/vsPosthog.mjs [--visits 5] [--loads 5] [--throttle 4] [--write]
//
// --visits: throttled visits per variant (bytes, blocking time, first question, heap, click);
// --loads: unthrottled visits per variant (script time). Exits non-zero when it could not measure.
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemo } from '../demo/startDemo.mjs';
import { POSTHOG_JS, ensurePosthog } from './posthogPackage.mjs';
import { startPosthogMock } from './posthogMock.mjs';
import { measureVisit } from './visitMetrics.mjs';
import { WIDGET_DOCUMENT, variantRoutes, variantsAt } from './vsPosthogPages.mjs';
import { buildRows, markdownTable, writeBetweenMarkers } from './vsPosthogTable.mjs';

const { values: args } = parseArgs({
  options: {
    visits: { type: 'string', default: '5' },
    loads: { type: 'string', default: '5' },
    throttle: { type: 'string', default: '4' },
    write: { type: 'boolean', default: false },
  },
});
const visits = Number(args.visits);
const loads = Number(args.loads);
const throttle = Number(args.throttle);
if (![visits, loads, throttle].every((n) => Number.isInteger(n) && n >= 1)) throw new Error('--visits, --loads and --throttle take whole numbers from 1');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
const load = () => loadavg().map((n) => n.toFixed(1)).join(' / ');
const loadAtStart = load();
const startedAt = Date.now();

const dist = ensurePosthog();
const dir = mkdtempSync(join(tmpdir(), 'cp-vs-posthog-'));
const surveysFile = join(dir, 'surveys.json');
writeFileSync(surveysFile, JSON.stringify(WIDGET_DOCUMENT));
const mock = await startPosthogMock({ dist });
const pages = variantRoutes();
const demo = await startDemo({ storePort: 0, collectorPort: 0, db: join(dir, 'bench.sqlite'), config: surveysFile, extraRoutes: pages.routes }).catch(async (error) => {
  await mock.close();
  throw error;
});
const variants = variantsAt(demo.storeUrl);

let browser;
let output = '';
try {
  pages.build(await (await fetch(`${demo.storeUrl}/c/shoes`)).text(), mock.url);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });

  /** Round-robin visits: each round visits every variant once, starting one further along each time. */
  const runRounds = async (count, options, label) => {
    const rounds = [];
    for (let i = 0; i < count; i++) {
      const round = {};
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(i + k) % variants.length];
        round[variant.name] = await measureVisit(browser, variant, options);
      }
      rounds.push(round);
      console.error(`bench: ${label} round ${i + 1}/${count} done (load ${load()})`);
    }
    return rounds;
  };
  const throttled = await runRounds(visits, { throttle, click: true }, `${throttle}× CPU`);
  const unthrottled = await runRounds(loads, { throttle: 1 }, 'unthrottled');

  const tally = (names) => Object.entries(names.reduce((t, n) => ({ ...t, [n]: (t[n] ?? 0) + 1 }), {})).map(([n, k]) => `${n} ×${k}`).join(', ');
  const scriptsOf = (name) => throttled[0][name].scripts.join(', ') || 'none';
  const header = [
    `posthog-js ${POSTHOG_JS.version} against Confidence Pulse ${JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')).version} · ${new Date().toISOString()} · Chromium ${browser.version()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'CPU'}`,
    `${visits} interleaved first-time visits per variant at ${throttle}× CPU, ${loads} unthrottled, ${Math.round((Date.now() - startedAt) / 60_000)} min · load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${load()} at the end`,
  ];
  const notes = [
    `Medians; "max" is the worst visit. Costs are each visit's figure minus the baseline visit's of the same round.`,
    `JavaScript received (brotli, quality 11), first round: the page alone: ${scriptsOf('baseline')}; this widget: ${scriptsOf('widget')}; PostHog: ${scriptsOf('posthog')}; PostHog without surveys: ${scriptsOf('posthogNoSurveys')}.`,
    `PostHog's mock API answered, over all visits: ${Object.entries(mock.counts).map(([path, n]) => `${path} ×${n}`).join(', ')}; events received: ${tally(mock.events)}.`,
  ];
  output = [...header.map((l) => `${l}\n`), markdownTable(buildRows({ throttled, unthrottled, throttle })), '', ...notes.map((l) => `${l}\n`)].join('\n').trim();
  console.log(`\n${output}\n`);
  if (args.write) {
    const file = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
    writeBetweenMarkers(file, output);
    console.error(`bench: wrote the table into ${file}`);
  }
} catch (error) {
  console.error(`bench: could not measure: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await demo.close();
  await mock.close();
}
