/**
 * One walk for a valid event. `checkEvent` used to walk every event four times (the `__proto__` check, the shape
 * check, zod, the NUL check), which was over half of the collector's CPU. This file compiles the event's JSON Schema
 * (generated from the zod source, as the shape check's is) into nested closures that do all four at once, and copy
 * the event the way zod does (known keys only, in the schema's order). It only says yes or "not sure": anything it
 * does not accept goes through the step-by-step check, which words the reason, so messages never change.
 *
 * Closures, not generated source: no `eval` or `new Function` (a server may forbid them), nothing to keep in sync at
 * build time, and V8 inlines the small functions well enough. A keyword this compiler does not know throws at
 * start-up, so a new constraint in the contract cannot be skipped quietly; `tests/collector/eventWalk.unit.test.ts`
 * holds its verdicts to the step-by-step path on many fuzzed events.
 */
import type { JsonSchema } from '../contract/validation/checkShape';

/** What a walk answers for a value it cannot vouch for. */
export const NOT_SURE: unique symbol = Symbol('not sure');

/** A compiled walk: zod's output for `value`, or `NOT_SURE`. */
export type Walk = (value: unknown) => unknown;

/** The JSON Schema keywords a walk honours. `format` is read through `pattern`, which zod writes beside it. */
const KNOWN_KEYWORDS = new Set([
  '$schema',
  'type',
  'enum',
  'const',
  'anyOf',
  'properties',
  'required',
  'propertyNames',
  'additionalProperties',
  'maxProperties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
]);

/** Formats zod describes with a `pattern` as well, which the walk tests. */
const PATTERNED_FORMATS = new Set(['date-time']);

/** Keys copying would turn into a prototype; the step-by-step check refuses them with their path. */
const UNSAFE_KEY = '__proto__';

/**
 * Compiles `schema` into a walk that answers zod's output for a value the step-by-step check would accept without
 * a word, and `NOT_SURE` for anything else: a problem of shape, a string with a NUL, a `__proto__` key, or an
 * unknown key (zod drops those; the step-by-step check copies what zod keeps).
 *
 * ```ts
 * const walk = compileEventWalk(toJSONSchema(eventSchema, { io: 'input' }));
 * walk(JSON.parse(body)) === NOT_SURE; // then checkEventStepByStep says why
 * ```
 */
export function compileEventWalk(schema: JsonSchema): Walk {
  return compile(schema as Schema);
}

/** The generated schema as read here (`pattern` and `format` are outside `JsonSchema`, which the browser reads). */
type Schema = JsonSchema & { pattern?: string; format?: string; $schema?: string };

function compile(schema: Schema): Walk {
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN_KEYWORDS.has(keyword)) throw new Error(`compileEventWalk: the JSON Schema keyword "${keyword}" is not supported`);
  }
  if (schema.format !== undefined && (!PATTERNED_FORMATS.has(schema.format) || schema.pattern === undefined)) {
    throw new Error(`compileEventWalk: the format "${schema.format}" has no pattern to test`);
  }
  if (schema.anyOf) return anyOf(schema.anyOf.map((branch) => compile(branch as Schema)));
  if ('const' in schema) {
    const expected = schema.const;
    return (value) => (value === expected ? value : NOT_SURE);
  }
  if (schema.enum) {
    // Enum values are plain strings without NUL, so membership is the whole check.
    const allowed = new Set(schema.enum);
    return (value) => (allowed.has(value) ? value : NOT_SURE);
  }
  switch (schema.type) {
    case 'string':
      return stringWalk(schema);
    case 'number':
    case 'integer':
      return numberWalk(schema);
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : NOT_SURE);
    case 'array':
      return arrayWalk(schema);
    case 'object':
      return schema.properties ? objectWalk(schema) : recordWalk(schema);
    default:
      throw new Error(`compileEventWalk: the type ${JSON.stringify(schema.type)} is not supported`);
  }
}

function anyOf(branches: Walk[]): Walk {
  return (value) => {
    for (const branch of branches) {
      const out = branch(value);
      if (out !== NOT_SURE) return out;
    }
    return NOT_SURE;
  };
}

function stringWalk(schema: Schema): Walk {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern);
  return (value) =>
    typeof value === 'string' && value.length >= min && value.length <= max && !value.includes('\u0000') && (!pattern || pattern.test(value))
      ? value
      : NOT_SURE;
}

function numberWalk(schema: Schema): Walk {
  const integer = schema.type === 'integer';
  const min = schema.minimum ?? -Infinity;
  const max = schema.maximum ?? Infinity;
  const above = schema.exclusiveMinimum ?? -Infinity;
  return (value) =>
    typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= min && value <= max && value > above
      ? value
      : NOT_SURE;
}

function arrayWalk(schema: Schema): Walk {
  const min = schema.minItems ?? 0;
  const max = schema.maxItems ?? Infinity;
  const items = schema.items ? compile(schema.items as Schema) : (value: unknown) => value;
  return (value) => {
    // Sizes first: a list of 40,000 items is not walked.
    if (!Array.isArray(value) || value.length < min || value.length > max) return NOT_SURE;
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = items(value[i]);
      if (item === NOT_SURE) return NOT_SURE;
      out[i] = item;
    }
    return out;
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object of known keys: copied in the schema's order, as zod does. */
function objectWalk(schema: Schema): Walk {
  if (schema.additionalProperties !== undefined || schema.propertyNames !== undefined || schema.maxProperties !== undefined) {
    throw new Error('compileEventWalk: an object with both properties and a map of other keys is not supported');
  }
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties!).map(([key, property]) => ({ key, walk: compile(property as Schema), required: required.has(key) }));
  return (value) => {
    if (!isObject(value)) return NOT_SURE;
    const out: Record<string, unknown> = {};
    let present = 0;
    for (const { key, walk, required } of fields) {
      const field = value[key];
      if (field === undefined) {
        if (required) return NOT_SURE;
        continue;
      }
      const copy = walk(field);
      if (copy === NOT_SURE) return NOT_SURE;
      out[key] = copy;
      present++;
    }
    // A key the schema does not name (zod would drop it; it may be `__proto__`), or one set to undefined.
    return Object.keys(value).length === present ? out : NOT_SURE;
  };
}

/** A map of free keys (`signals`, `page.query`): sizes first, then each key and value, in the sent order. */
function recordWalk(schema: Schema): Walk {
  if (typeof schema.additionalProperties !== 'object') throw new Error('compileEventWalk: an object needs properties or additionalProperties');
  const max = schema.maxProperties ?? Infinity;
  const keyWalk = schema.propertyNames ? compile(schema.propertyNames as Schema) : stringWalk({});
  const valueWalk = compile(schema.additionalProperties as Schema);
  return (value) => {
    if (!isObject(value)) return NOT_SURE;
    const keys = Object.keys(value);
    if (keys.length > max) return NOT_SURE;
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      if (key === UNSAFE_KEY || keyWalk(key) === NOT_SURE) return NOT_SURE;
      const copy = valueWalk(value[key]);
      if (copy === NOT_SURE) return NOT_SURE;
      out[key] = copy;
    }
    return out;
  };
}
