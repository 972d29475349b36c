import { toJSONSchema } from 'zod/v4/core';
import { documentSchema } from '../config/schema';
import { batchSchema, eventSchema } from '../events/schema';

/**
 * JSON Schemas generated from the zod sources at build time (see rollup.config.mjs):
 * `dist/survey.schema.json` for editors, `dist/events.schema.json` for other backends,
 * and `src/config/surveyJsonSchema.ts`, the compact copy the browser validates with.
 */
export function jsonSchemas(): { survey: object; events: object; compactSurvey: object } {
  const target = 'draft-2020-12';
  const survey = toJSONSchema(documentSchema, { target });
  const event = toJSONSchema(eventSchema, { target });
  const batch = toJSONSchema(batchSchema, { target }) as { properties: object };
  return {
    survey: { ...survey, title: 'Confidence Pulse survey document' },
    events: { ...batch, title: 'Confidence Pulse event batch', properties: { ...batch.properties, events: { type: 'array', items: event } } },
    compactSurvey: compact(survey),
  };
}

/** Drops what validation does not read: the top `$schema`, and integer bounds that only restate the safe-integer range. */
function compact(schema: object): object {
  const { $schema: _, ...rest } = schema as Record<string, unknown>;
  return JSON.parse(
    JSON.stringify(rest, (key, value) =>
      (key === 'minimum' || key === 'maximum') && Math.abs(value) === Number.MAX_SAFE_INTEGER ? undefined : value,
    ),
  );
}
