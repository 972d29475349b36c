// @vitest-environment node
/**
 * The architecture of src/ holds: no circle of imports (types included), the widget and the collector meet only
 * through contract/, and nothing imports the CLI back. The rules live in .dependency-cruiser.cjs; this runs them on
 * src/, and on a small tree that breaks each rule, so a rule that could never fire would fail here too.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { afterAll, expect, test } from 'vitest';

const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as IConfiguration;

/** Cruises `root` (src/ by default) with the project's rules and returns each violation as `rule: from -> to`. */
async function violations(root = 'src', baseDir = process.cwd()): Promise<string[]> {
  const { output } = await cruise([root], { ...config.options, ruleSet: { forbidden: config.forbidden ?? [] }, baseDir, validate: true });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

test('src/ keeps its architecture: no circles, widget and collector only through contract, nothing imports the CLI', async () => {
  expect(await violations()).toEqual([]);
});

test('each rule fires on a tree that breaks it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-import-graph-'));
  tempDirs.push(dir);
  const files: Record<string, string> = {
    'src/widget/pulse.ts': "import { store } from '../collector/store';\nimport { run } from '../cli/main';\nexport const pulse = [store, run];\n",
    'src/collector/store.ts': "import { pulse } from '../widget/pulse';\nexport const store = pulse;\n",
    'src/contract/shapes.ts': "import type { Cycle } from './cycle';\nimport { pulse } from '../widget/pulse';\nexport type Shapes = Cycle;\nexport const p = pulse;\n",
    'src/contract/cycle.ts': "import type { Shapes } from './shapes';\nexport type Cycle = Shapes | 1;\n",
    'src/cli/main.ts': 'export const run = 1;\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const found = await violations('src', dir);
  expect(found).toEqual(
    expect.arrayContaining([
      'widget-not-to-collector: src/widget/pulse.ts -> src/collector/store.ts',
      'collector-not-to-widget: src/collector/store.ts -> src/widget/pulse.ts',
      'contract-imports-neither: src/contract/shapes.ts -> src/widget/pulse.ts',
      'nothing-imports-cli: src/widget/pulse.ts -> src/cli/main.ts',
      // A circle of `import type` alone counts.
      'no-circular: src/contract/cycle.ts -> src/contract/shapes.ts',
    ]),
  );
});
