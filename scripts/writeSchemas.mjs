// Writes the JSON Schemas generated from the zod sources (called by rollup.config.mjs after the Node build,
// before the browser builds, which bundle src/contract/documentJsonSchema.ts).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

/** Writes a file only when its content changed, so a build does not dirty the tree needlessly. */
const writeIfChanged = (url, text) => {
  if (existsSync(url) && readFileSync(url, 'utf8') === text) return;
  writeFileSync(url, text);
};

export async function writeSchemas() {
  const { jsonSchemas, REFERENCE_START, REFERENCE_END } = await import(`../dist/schemas.js?t=${Date.now()}`);
  const schemas = jsonSchemas();
  const dist = new URL('../dist/', import.meta.url);
  writeFileSync(new URL('survey.schema.json', dist), JSON.stringify(schemas.survey, null, 2) + '\n');
  writeFileSync(new URL('events.schema.json', dist), JSON.stringify(schemas.events, null, 2) + '\n');
  writeIfChanged(
    new URL('../src/contract/documentJsonSchema.ts', import.meta.url),
    `// Generated from src/contract/documentShapes.ts by scripts/writeSchemas.mjs during \`npm run build\`: do not edit.\n` +
      `// tests/contract/documentJsonSchema.test.ts fails when this copy is out of date.\n` +
      `import type { JsonSchema } from './validation/checkShape';\n\n` +
      `/** The survey document's JSON Schema, compacted for the browser validator. */\n` +
      `export const SURVEY_JSON_SCHEMA: JsonSchema = ${JSON.stringify(schemas.compactSurvey)};\n`,
  );
  writeIfChanged(new URL('../src/contract/surveyDocument.ts', import.meta.url), schemas.types);
  // The survey document reference of docs/surveys.md, between its markers (tests/contract/generate/documentReference.test.ts checks it).
  const surveysDoc = new URL('../docs/surveys.md', import.meta.url);
  const text = readFileSync(surveysDoc, 'utf8');
  const start = text.indexOf(REFERENCE_START);
  const end = text.indexOf(REFERENCE_END);
  if (start < 0 || end < start) throw new Error('docs/surveys.md lacks the document-reference markers; restore them under "Reference"');
  writeIfChanged(surveysDoc, text.slice(0, start) + schemas.reference + text.slice(end + REFERENCE_END.length));
}
