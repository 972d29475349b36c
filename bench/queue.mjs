// `npm run bench:queue`: the outbox's write figures alone (1,000 events written in one task, beside bare IndexedDB
// puts), then the drain throughput of `bench/drain.mjs`. Real Chromium and the demo store on 127.0.0.1; prints, asserts nothing.
//
//   npm run build && node bench/queue.mjs [runs=3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../demo/startDemo.mjs';
import { measureQueue } from './queueMetrics.mjs';

const RUNS = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'cp-bench-'));
const demo = await startDemo({ storePort: 0, collectorPort: 0, db: join(dir, 'pulse.sqlite') });
try {
  for (let run = 1; run <= RUNS; run++) {
    for (const [figure, widget, baseline, ratio] of await measureQueue({ storeUrl: demo.storeUrl })) console.log(`run ${run} · ${figure}: ${widget} vs ${baseline} (${ratio})`);
  }
} finally {
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
}
const drain = spawnSync(process.execPath, [new URL('./drain.mjs', import.meta.url).pathname, '10000', String(RUNS)], { stdio: 'inherit' });
process.exitCode = drain.status ?? 1;
