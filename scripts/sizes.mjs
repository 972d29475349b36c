// Prints raw, gzip and brotli bytes of every built JS file (after each build).
// With --check, fails when a budget in scripts/size-budgets.json is exceeded or a must-not-contain marker appears.
import { readFileSync, readdirSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);

const brotli = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const measure = (file) => {
  const buf = readFileSync(new URL(file, dist));
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length, brotli: brotli(buf) };
};

const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
const rows = files.map((file) => ({ file, ...measure(file) }));
const pad = (s, n) => String(s).padStart(n);
console.log(`\n${'file'.padEnd(28)}${pad('raw', 9)}${pad('gzip', 9)}${pad('brotli', 9)}`);
for (const r of rows) console.log(`${r.file.padEnd(28)}${pad(r.raw, 9)}${pad(r.gzip, 9)}${pad(r.brotli, 9)}`);

if (process.argv.includes('--check')) {
  const { budgets, mustNotContain } = JSON.parse(readFileSync(new URL('./size-budgets.json', import.meta.url), 'utf8'));
  let failed = false;
  console.log('\nbudget (brotli bytes)');
  for (const budget of budgets) {
    const size = budget.files.reduce((sum, f) => sum + measure(f).brotli, 0);
    const limit = Math.min(budget.limit, budget.ceiling);
    const ok = size <= limit;
    failed ||= !ok;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${budget.name.padEnd(44)}${pad(size, 7)} / ${limit}`);
  }
  for (const rule of mustNotContain) {
    const text = readFileSync(new URL(rule.file, dist), 'utf8');
    const found = rule.markers.filter((m) => text.includes(m));
    if (found.length) {
      failed = true;
      console.log(`FAIL ${rule.file} contains ${rule.what}: ${found.join(', ')}`);
    } else console.log(`ok   ${rule.file} contains no ${rule.what}`);
  }
  if (failed) process.exit(1);
}
