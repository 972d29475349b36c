/**
 * The survey document reference of docs/surveys.md is generated from the zod source (through the JSON Schema),
 * so it cannot drift: the committed page must hold exactly what `npm run build` writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { jsonSchemas, REFERENCE_END, REFERENCE_START } from '../../../src/contract/generate/jsonSchemas';

const surveysDoc = readFileSync(join(process.cwd(), 'docs', 'surveys.md'), 'utf8');
const { reference, survey } = jsonSchemas();

test('docs/surveys.md holds the reference generated from src/contract/documentShapes.ts (run `npm run build` after changing it)', () => {
  const start = surveysDoc.indexOf(REFERENCE_START);
  const end = surveysDoc.indexOf(REFERENCE_END);
  expect(start).toBeGreaterThan(0);
  expect(surveysDoc.slice(start, end + REFERENCE_END.length)).toBe(reference);
});

test('the reference has a row for every field of the schema, with its default', () => {
  const fields: string[] = [];
  const walk = (node: any, prefix: string): void => {
    for (const [key, child] of Object.entries<any>(node?.properties ?? {})) {
      fields.push(`${prefix}${key}`);
      if (child.properties) walk(child, `${prefix}${key}.`);
      if (child.items?.properties) walk(child.items, `${prefix}${key}[].`);
    }
  };
  const defs = (survey as any).$defs as Record<string, unknown>;
  walk(survey, '');
  Object.values(defs).forEach((def) => walk(def, ''));
  // A question's `type` is named in its section's first line instead.
  for (const field of new Set(fields)) if (field !== 'type') expect(reference, field).toContain(`| \`${field}\` |`);
  for (const type of ['scale', 'choice', 'text', 'binary']) expect(reference).toContain(`\`"type": "${type}"\``);
  expect(reference).toContain('| `sample` | number 0–1 | `1` |');
  expect(reference).toContain('| `position` | `"corner"` \\| `"bar"` \\| `"inline"` | `"corner"` |');
  expect(reference).toContain('| `other.maxLength` | integer 1–2000 | required |');
});
