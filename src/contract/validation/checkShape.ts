import type { ConfigIssue } from './issue';

type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';

/**
 * The subset of JSON Schema (2020-12) that zod's `toJSONSchema` emits for the survey document, and no more:
 * `tests/contract/documentJsonSchema.test.ts` fails when the generated schema uses a keyword not listed here.
 */
export interface JsonSchema {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: JsonType | JsonType[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

/**
 * Checks `value` against a JSON Schema generated from the zod source (`src/contract/documentShapes.ts`).
 *
 * Why not zod/mini itself in the browser: it adds about 9.6 KB brotli, which would take the
 * "survey shown" total past the 20 KB budget. This interpreter is about 1 KB, the zod
 * schema stays the single source, and `tests/contract/documentJsonSchema.test.ts` proves both accept and
 * reject the same documents. Messages match the wording of `validateConfig`'s other checks.
 */
export function checkShape(schema: JsonSchema, value: unknown, limit = Infinity): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  found = issues;
  room = limit;
  try {
    visit(schema, value, '', schema, issues);
  } catch (stop) {
    if (stop !== issues) throw stop;
  }
  return issues;
}

/**
 * The issues of the running check and how many it may find. The collector checks hostile input: it stops at
 * the first few problems rather than describing 40,000 of them (a union's tries go to arrays of their own).
 */
let found: ConfigIssue[];
let room: number;

const push = (out: ConfigIssue[], issue: ConfigIssue) => {
  out.push(issue);
  if (out == found && out.length >= room) throw out;
};

const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : 'NaN';
  return typeof value;
}

function hasType(type: JsonSchema['type'], value: unknown): boolean {
  if (Array.isArray(type)) return type.some((t) => hasType(t, value));
  return type === undefined || (type == 'integer' ? Number.isInteger(value) : typeName(value) == type);
}

/** The `type` a branch of a union expects, for "expected string or object". */
const expectedOf = (s: JsonSchema, root: JsonSchema): string => {
  const r = deref(s, root);
  return r.type ? [r.type].flat().join(' or ') : r.const !== undefined ? JSON.stringify(r.const) : 'value';
};

function deref(schema: JsonSchema, root: JsonSchema): JsonSchema {
  return schema.$ref ? root.$defs![schema.$ref.slice(8)]! : schema;
}

function visit(raw: JsonSchema, value: unknown, path: string, root: JsonSchema, out: ConfigIssue[]): void {
  const schema = deref(raw, root);
  const add = (message: string) => push(out, { path, message });

  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return union(branches, value, path, root, out);
  if ('const' in schema) return void (value !== schema.const && add(`must be ${JSON.stringify(schema.const)}`));
  if (schema.enum) return void (!schema.enum.includes(value) && add(`must be ${schema.enum.map((v) => JSON.stringify(v)).join(' or ')}`));
  if (!hasType(schema.type, value)) {
    const wanted = [schema.type].flat().join(' or ');
    return void add(value === undefined ? `required (${wanted})` : `expected ${wanted}, got ${typeName(value)}`);
  }

  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) add(`needs at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) add(`must have at most ${schema.maxLength} characters`);
  } else if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) add(`must be at least ${schema.minimum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) add(`must be greater than ${schema.exclusiveMinimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) add(`must be at most ${schema.maximum}`);
  } else if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) add(`needs at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
    // Too many items: said once, and the items are not walked, so the cost of a check stays bounded.
    // (A comparison with an unset bound is false.)
    if (value.length > schema.maxItems!) return add(`must have at most ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, i) => visit(schema.items!, item, join(path, i), root, out));
  } else if (schema.type === 'object') {
    const object = value as Record<string, unknown>;
    if (Object.keys(object).length > schema.maxProperties!) return add(`must have at most ${schema.maxProperties} keys`);
    const known = schema.properties ?? {};
    for (const key in known) {
      if (object[key] !== undefined || schema.required?.includes(key)) visit(known[key]!, object[key], join(path, key), root, out);
    }
    for (const key of Object.keys(object)) {
      if (key in known) continue;
      if (schema.additionalProperties === false) push(out, { path: join(path, key), message: `unknown key "${key}"`, hint: 'check the spelling' });
      else if (typeof schema.additionalProperties === 'object') {
        if (schema.propertyNames) visit(schema.propertyNames, key, join(path, key), root, out);
        visit(schema.additionalProperties, object[key], join(path, key), root, out);
      }
    }
  }
}

/**
 * A union. A discriminated one (every branch fixes `type` with a `const`) checks the matching branch, so
 * errors point inside it; otherwise the first branch that fits wins, or the value's type is reported.
 */
function union(branches: JsonSchema[], value: unknown, path: string, root: JsonSchema, out: ConfigIssue[]): void {
  const resolved = branches.map((b) => deref(b, root));
  const tags = resolved.map((b) => b.properties?.type?.const as string | undefined);
  if (tags.every((t) => typeof t === 'string') && typeName(value) === 'object') {
    const index = tags.indexOf((value as { type: string }).type);
    if (index < 0) return push(out, { path: join(path, 'type'), message: `unknown "type" (expected ${tags.slice(0, -1).join(', ')} or ${tags[tags.length - 1]})` });
    return visit(resolved[index]!, value, path, root, out);
  }
  let best: ConfigIssue[] | undefined;
  for (const branch of resolved) {
    // A branch of another type cannot fit; skipping it spares wording a message nobody reads.
    if (!hasType(branch.type, value)) continue;
    const issues: ConfigIssue[] = [];
    visit(branch, value, path, root, issues);
    if (!issues.length) return;
    // Prefer the errors of a branch whose type fits: they say what is wrong inside the value.
    if (!best && branch.type) best = issues;
  }
  if (best) return best.forEach((issue) => push(out, issue));
  const expected = [...new Set(resolved.map((b) => expectedOf(b, root)))];
  push(out, { path, message: value === undefined ? `required (${expected.join(' or ')})` : `expected ${expected.join(' or ')}, got ${typeName(value)}` });
}
