import { toJSONSchema } from 'zod/v4/core';
import { documentSchema } from '../documentShapes';
import { batchSchema, eventSchema } from '../eventShapes';
import { documentReference } from './documentReference';
import { documentTypes } from './documentTypes';

export { REFERENCE_END, REFERENCE_START } from './documentReference';

/**
 * JSON Schemas generated from the zod sources at build time (see rollup.config.mjs):
 * `dist/survey.schema.json` for editors, `dist/events.schema.json` for other backends,
 * `src/contract/documentJsonSchema.ts`, the compact copy the browser validates with, the survey
 * document reference of docs/surveys.md, and `src/contract/surveyDocument.ts`, the document's TypeScript declarations.
 */
export function jsonSchemas(): { survey: object; events: object; compactSurvey: object; reference: string; types: string } {
  const target = 'draft-2020-12';
  const survey = toJSONSchema(documentSchema, { target });
  const event = toJSONSchema(eventSchema, { target });
  const batch = toJSONSchema(batchSchema, { target }) as { properties: object };
  return {
    survey: { ...survey, title: 'Confidence Pulse survey document' },
    events: { ...batch, title: 'Confidence Pulse event batch', properties: { ...batch.properties, events: { type: 'array', items: event } } },
    compactSurvey: compact(survey),
    reference: documentReference(survey),
    types: documentTypes(survey),
  };
}

/**
 * Shrinks the schema for the browser: drops what validation does not read (the top `$schema`, descriptions
 * and defaults, integer bounds that only restate the safe-integer range, key rules that only say "a string"),
 * and inlines every definition used once, which compresses better than a reference.
 */
function compact(schema: object): object {
  const { $schema: _, $defs = {}, ...rest } = schema as { $schema?: string; $defs?: Record<string, unknown> };
  const uses: Record<string, number> = {};
  JSON.stringify(schema, (key, value) => {
    if (key === '$ref') uses[value] = (uses[value] ?? 0) + 1;
    return value;
  });
  const walk = (node: unknown, isMap = false): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item));
    if (!node || typeof node !== 'object') return node;
    const ref = (node as { $ref?: string }).$ref;
    if (ref && uses[ref] === 1) return walk($defs[ref.replace('#/$defs/', '')]);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      // Inside `properties` and `$defs`, keys are names, not keywords.
      if (!isMap && (key === 'description' || key === 'default')) continue;
      if (!isMap && (key === 'minimum' || key === 'maximum') && Math.abs(value as number) === Number.MAX_SAFE_INTEGER) continue;
      if (!isMap && key === 'propertyNames' && Object.keys(value as object).length === 1) continue;
      out[key] = walk(value, !isMap && (key === 'properties' || key === '$defs'));
    }
    return out;
  };
  const defs = Object.fromEntries(Object.entries($defs).filter(([name]) => (uses[`#/$defs/${name}`] ?? 0) > 1));
  return walk({ ...rest, $defs: defs }) as object;
}
