/**
 * Why a batch or an event was rejected, in the same words `confidence-pulse validate` uses for survey documents.
 *
 * zod (`eventSchema`, `batchSchema`) is the source of what is valid. The words come from `checkShape`, run over the
 * JSON Schema generated from that same zod source, so the collector keeps no wording of its own beyond
 * what JSON Schema cannot express (date-time formats, NUL characters). Ingest runs that check first, because
 * it stops at the first few problems; zod then sees only events of the right shape.
 */
import { toJSONSchema, type $ZodType } from 'zod/v4/core';
import { checkShape, type JsonSchema } from '../contract/validation/checkShape';
import type { ConfigIssue } from '../contract/validation/issue';
import { formatPath } from '../contract/validation/validateConfig';

/** Issues listed in one reason; past them the reason says "and more", so a garbage event cannot inflate the response. */
export const MAX_REASONS = 5;

/** JSON Schemas generated on first use (most collectors never see an invalid event), per zod schema. */
const jsonSchemas = new WeakMap<$ZodType, JsonSchema>();

/** The zod issue fields read here. */
interface ZodIssueLike {
  code: string;
  path: readonly PropertyKey[];
  format?: string;
  message?: string;
}

function jsonSchemaOf(schema: $ZodType): JsonSchema {
  let jsonSchema = jsonSchemas.get(schema);
  if (!jsonSchema) {
    // 'input' leaves out `additionalProperties: false`: zod drops unknown keys rather than refusing them.
    jsonSchema = toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema;
    jsonSchemas.set(schema, jsonSchema);
  }
  return jsonSchema;
}

/**
 * The first `limit` problems of `raw` against the JSON Schema generated from `schema`, found without zod.
 *
 * zod builds every issue of a value before its size checks run: 40,000 wrong values in one event cost
 * seconds. This check reads sizes (`maxItems`, `maxProperties`) before walking, and stops at `limit`
 * problems, so its cost stays in proportion to the bytes it was sent. Ingest runs it before zod.
 */
export function findShapeIssues(schema: $ZodType, raw: unknown, limit: number): ConfigIssue[] {
  return checkShape(jsonSchemaOf(schema), raw, limit);
}

/**
 * Why `raw` failed `schema`: `path: message` per problem, `; `-separated, at most five.
 * `root` names the whole value when a problem has no path (`(event)`, `(batch)`).
 *
 * ```ts
 * const parsed = eventSchema.safeParse(raw);
 * if (!parsed.success) describeIssues(eventSchema, raw, parsed.error.issues, '(event)'); // 'survey.sampleRate: must be at most 1'
 * ```
 */
export function describeIssues(schema: $ZodType, raw: unknown, zodIssues: readonly ZodIssueLike[], root: string): string {
  const shape = findShapeIssues(schema, raw, MAX_REASONS + 1);
  // What JSON Schema's types and bounds cannot say: zod's format checks.
  const issues: ConfigIssue[] = shape.length
    ? shape
    : zodIssues.slice(0, MAX_REASONS + 1).map((issue) => ({ path: formatPath(issue.path), message: describeFormatIssue(issue) }));
  return formatIssues(issues, root);
}

/** `path: message; …; and more`, with `root` for an empty path; at most five problems are listed. */
export function formatIssues(issues: readonly ConfigIssue[], root: string): string {
  const lines = issues.slice(0, MAX_REASONS).map((issue) => `${issue.path || root}: ${issue.message}`);
  // Checks stop soon after the fifth problem, so how many more there are is unknown.
  if (issues.length > MAX_REASONS) lines.push('and more');
  return lines.join('; ');
}

function describeFormatIssue(issue: ZodIssueLike): string {
  if (issue.code === 'invalid_format' && issue.format === 'datetime') return 'expected an ISO 8601 date-time such as 2026-11-22T10:00:00.000Z';
  return issue.message && issue.message !== 'Invalid input' ? issue.message : 'invalid value';
}

/** Databases refuse NUL in text (PostgreSQL outright), so an event carrying one is rejected, never half-stored. */
export function findNul(value: unknown): string | undefined {
  const path = nulPath(value);
  return path && formatPath(path);
}

/** The path to the first NUL, built only once one is found: valid events have none, and walk without allocating. */
function nulPath(value: unknown): (string | number)[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? [] : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i]);
      if (found) return [i, ...found];
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (key.includes('\u0000')) return [key];
      const found = nulPath((value as Record<string, unknown>)[key]);
      if (found) return [key, ...found];
    }
  }
  return undefined;
}
