/**
 * TypeScript declarations of the survey document, generated from its JSON Schema at build time, so each field's
 * description reaches editors as JSDoc on hover (a type inferred from zod carries none). Written to
 * `src/contract/surveyDocument.ts` by `scripts/writeSchemas.mjs`; `tests/contract/surveyDocument.test.ts` proves
 * the declarations equal the zod-inferred types and that the file is current.
 *
 * Written here rather than with json-schema-to-typescript: the schema uses a handful of keywords, the names
 * must be the package's own (`LocalizedText`, `ScaleQuestion`), and optional fields must read `?: T | undefined`
 * to equal zod's inference under `exactOptionalPropertyTypes`.
 */

interface Schema {
  $ref?: string;
  $defs?: Record<string, Schema>;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  description?: string;
  default?: unknown;
}

/** The declared name of a definition: `scaleQuestion` → `ScaleQuestion`, `text` → `LocalizedText`. */
const nameOf = (id: string) => (id === 'text' ? 'LocalizedText' : id[0]!.toUpperCase() + id.slice(1));

/** The JSDoc of a field: its description, and its default as `@default`. */
function doc(schema: Schema, indent: string): string {
  const lines = schema.description ? [schema.description] : [];
  if (schema.default !== undefined) lines.push(`@default ${JSON.stringify(schema.default)}`);
  if (!lines.length) return '';
  return lines.length === 1 ? `${indent}/** ${lines[0]} */\n` : `${indent}/**\n${lines.map((l) => `${indent} * ${l}`).join('\n')}\n${indent} */\n`;
}

function typeOf(schema: Schema, indent: string): string {
  if (schema.$ref) return nameOf(schema.$ref.replace('#/$defs/', ''));
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.map((b) => typeOf(b, indent)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(schema.type)) return schema.type.map((type) => typeOf({ ...schema, type }, indent)).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const item = typeOf(schema.items!, indent);
      return item.includes(' | ') ? `(${item})[]` : `${item}[]`;
    }
    case 'object':
      if (schema.properties) return objectType(schema, indent);
      if (typeof schema.additionalProperties === 'object') return `Record<string, ${typeOf(schema.additionalProperties, indent)}>`;
      return 'Record<string, never>';
  }
  throw new Error(`documentTypes: no TypeScript for ${JSON.stringify(schema).slice(0, 200)}`);
}

function objectType(schema: Schema, indent: string): string {
  const inner = `${indent}  `;
  const members = Object.entries(schema.properties ?? {}).map(([key, value]) => {
    const optional = !schema.required?.includes(key);
    const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
    const type = typeOf(value, inner);
    return `${doc(value, inner)}${inner}${name}${optional ? '?' : ''}: ${type}${optional ? ' | undefined' : ''};`;
  });
  return `{\n${members.join('\n')}\n${indent}}`;
}

/** The TypeScript source of `src/contract/surveyDocument.ts`, from the survey document's full JSON Schema. */
export function documentTypes(jsonSchema: object): string {
  const root = jsonSchema as Schema;
  const out = [
    '// Generated from src/contract/documentShapes.ts by scripts/writeSchemas.mjs during `npm run build`: do not edit.',
    '// tests/contract/surveyDocument.test.ts fails when this copy is out of date or differs from the zod types.',
    '',
  ];
  const declare = (name: string, schema: Schema, fallback: string) => {
    out.push(doc({ description: schema.description ?? fallback }, '').trimEnd());
    const type = typeOf(schema, '');
    out.push(type.startsWith('{\n') ? `export interface ${name} ${type}` : `export type ${name} = ${type};`, '');
  };
  const { $defs = {}, description: _, ...document } = root;
  declare('SurveyDocument', document, 'A survey document, as researchers write it.');
  for (const [id, schema] of Object.entries($defs)) declare(nameOf(id), schema, nameOf(id));
  out.push("/** One question: `scale`, `choice`, `text` or `binary`. */", "export type Question = Survey['questions'][number];", '');
  return out.join('\n');
}
