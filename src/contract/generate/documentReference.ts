/**
 * The survey document reference of docs/surveys.md, written from the JSON Schema generated from the zod source
 * (`src/contract/documentShapes.ts`): every field with its type, default and description, so the reference cannot drift
 * from what the validator accepts. `npm run build` writes it into docs/surveys.md between the markers below, and
 * `tests/contract/generate/documentReference.test.ts` fails when the committed page is out of date.
 */

/** The lines around the generated part of docs/surveys.md. */
export const REFERENCE_START = '<!-- document-reference:start (generated from src/contract/documentShapes.ts by `npm run build`; edit the descriptions there) -->';
export const REFERENCE_END = '<!-- document-reference:end -->';

interface Node {
  $ref?: string;
  $defs?: Record<string, Node>;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: Node[];
  oneOf?: Node[];
  properties?: Record<string, Node>;
  required?: string[];
  additionalProperties?: boolean | Node;
  items?: Node;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  description?: string;
  default?: unknown;
}

/** The order of the sections, and what each definition is called in prose. */
const SECTIONS: [def: string, title: string][] = [
  ['survey', 'Survey'],
  ['trigger', 'Trigger'],
  ['question', 'Question'],
  ['scaleQuestion', 'Scale question'],
  ['choiceQuestion', 'Choice question'],
  ['textQuestion', 'Text question'],
  ['binaryQuestion', 'Binary question'],
  ['when', 'When'],
  ['variant', 'Variant'],
  ['pageRule', 'Page rule'],
  ['outcomeRule', 'Outcome rule'],
  ['text', 'Text'],
];
/** Placeholders for the keys of maps, by the field holding the map. */
const KEYS: Record<string, string> = { pages: '{pageType}', outcomes: '{outcome}', points: '{point}', text: '{questionId}' };

const titleOf = (def: string) => SECTIONS.find(([name]) => name === def)?.[1] ?? def;
const anchorOf = (def: string) => titleOf(def).toLowerCase().replace(/ /g, '-');
const linkTo = (def: string) => `[${titleOf(def).toLowerCase()}](#${anchorOf(def)})`;
const code = (value: unknown) => `\`${JSON.stringify(value)}\``;
/** Table cells cannot hold a raw `|` or a line break. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown for the survey document reference, from the editor JSON Schema (`dist/survey.schema.json`). */
export function documentReference(schema: object): string {
  const root = schema as Node;
  const defs = root.$defs ?? {};
  const questionTypes = SECTIONS.map(([name]) => name).filter((name) => name.endsWith('Question'));
  // Fields every question type shares, documented once under "Question".
  const shared = Object.keys(defs[questionTypes[0]!]?.properties ?? {}).filter(
    (key) => key !== 'type' && questionTypes.every((q) => JSON.stringify(defs[q]?.properties?.[key]) === JSON.stringify(defs[questionTypes[0]!]!.properties![key])),
  );

  const out: string[] = [REFERENCE_START, '', '#### Document', '', ...table(root, defs)];
  for (const [def, title] of SECTIONS) {
    out.push('', `#### ${title}`, '');
    if (def === 'question') {
      out.push(
        `One of ${questionTypes.map(linkTo).join(', ')}, chosen by \`type\`. Every question has these fields:`,
        '',
        ...table({ properties: pick(defs[questionTypes[0]!]!, shared), required: defs[questionTypes[0]!]!.required ?? [] }, defs),
      );
      continue;
    }
    const node = defs[def];
    if (!node) throw new Error(`the survey schema has no definition "${def}"`);
    if (node.description) out.push(cell(node.description), '');
    if (questionTypes.includes(def)) {
      const tag = node.properties!.type!.const;
      out.push(`\`"type": ${JSON.stringify(tag)}\`, the fields of every [question](#question), and:`, '');
      out.push(...table({ properties: omit(node, [...shared, 'type']), required: node.required ?? [] }, defs));
    } else if (node.properties) out.push(...table(node, defs));
  }
  out.push('', REFERENCE_END);
  return out.join('\n');
}

function pick(node: Node, keys: string[]): Record<string, Node> {
  return Object.fromEntries(keys.map((key) => [key, node.properties![key]!]));
}

function omit(node: Node, keys: string[]): Record<string, Node> {
  return Object.fromEntries(Object.entries(node.properties ?? {}).filter(([key]) => !keys.includes(key)));
}

/** A field table; nested objects are flattened into dotted paths, maps get a `{key}` placeholder. */
function table(node: Node, defs: Record<string, Node>): string[] {
  const rows = ['| field | type | default | description |', '|---|---|---|---|'];
  const visit = (object: Node, prefix: string) => {
    for (const [key, raw] of Object.entries(object.properties ?? {})) {
      const path = `${prefix}${key}`;
      const child = raw.$ref ? { ...defs[refName(raw.$ref)], ...raw, description: raw.description ?? defs[refName(raw.$ref)]?.description } : raw;
      const required = object.required?.includes(key);
      const fallback = required ? 'required' : raw.default !== undefined ? code(raw.default) : '—';
      const description = raw.$ref && refName(raw.$ref) !== 'text' && !raw.description ? `See ${linkTo(refName(raw.$ref))}.` : (child.description ?? '');
      rows.push(`| \`${path}\` | ${cell(typeOf(raw, key))} | ${fallback} | ${cell(description)} |`);
      if (!raw.$ref && raw.properties) visit(raw, `${path}.`);
      if (raw.items && !raw.items.$ref && raw.items.properties) visit(raw.items, `${path}[].`);
    }
  };
  visit(node, '');
  return rows;
}

const refName = (ref: string) => ref.replace('#/$defs/', '');

/** `integer ≥ 1`, `array of [survey](#survey)`, `map of [text](#text)`, `"corner" | "bar"`, … */
function typeOf(node: Node, key: string): string {
  if (node.$ref) return linkTo(refName(node.$ref));
  const union = node.oneOf ?? node.anyOf;
  if (union) return union.every((b) => b.$ref?.endsWith('Question')) ? linkTo('question') : union.map((b) => typeOf(b, key)).join(' or ');
  if (node.const !== undefined) return code(node.const);
  if (node.enum) return node.enum.map(code).join(' | ');
  if (node.type === 'array') {
    // Inline objects are flattened into `field[].key` rows after this one.
    const items = node.items?.properties && !node.items.$ref ? 'objects' : typeOf(node.items ?? {}, key);
    return `array of ${items}${node.minItems ? ` (at least ${node.minItems})` : ''}`;
  }
  if (node.type === 'object' && typeof node.additionalProperties === 'object') return `map: ${KEYS[key] ?? '{key}'} → ${typeOf(node.additionalProperties, key)}`;
  if (Array.isArray(node.type)) return node.type.join(' or ');
  return `${node.type ?? 'any'}${range(node)}`;
}

function range(node: Node): string {
  if (node.type === 'string') {
    const { minLength: min = 0, maxLength: max } = node;
    return max !== undefined ? `, ${min}–${max} characters` : min > 1 ? `, at least ${min} characters` : min === 1 ? ', not empty' : '';
  }
  // zod states the safe-integer range on every integer; it says nothing to a reader.
  const low = node.minimum !== undefined && node.minimum > Number.MIN_SAFE_INTEGER ? node.minimum : undefined;
  const high = node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  if (low !== undefined && high !== undefined) return ` ${low}–${high}`;
  if (low !== undefined) return ` ≥ ${low}`;
  if (node.exclusiveMinimum !== undefined) return ` > ${node.exclusiveMinimum}`;
  if (high !== undefined) return ` ≤ ${high}`;
  return '';
}
