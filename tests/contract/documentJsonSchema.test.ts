/**
 * The zod schema is the single source of truth; the browser validates with the JSON Schema generated from it.
 * These tests prove the committed copy is current and that both accept and reject the same documents.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import demo from '../../demo/surveys.json';
import { documentSchema } from '../../src/contract/documentShapes';
import { checkShape } from '../../src/contract/validation/checkShape';
import { formatIssue } from '../../src/contract/validation/issue';
import { SURVEY_JSON_SCHEMA } from '../../src/contract/documentJsonSchema';
import { validateConfig } from '../../src/contract/validation/validateConfig';
import { jsonSchemas } from '../../src/contract/generate/jsonSchemas';

test('the committed JSON Schema is the one generated from zod (run `npm run build` after changing schema.ts)', () => {
  expect(SURVEY_JSON_SCHEMA).toEqual(jsonSchemas().compactSurvey);
});

/** The keywords `checkShape` interprets; a keyword outside this list would be silently ignored in the browser. */
const INTERPRETED = ['$ref', '$defs', 'type', 'const', 'enum', 'anyOf', 'oneOf', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'minItems', 'maxItems', 'maxProperties', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum'];

test('the browser copy uses only keywords the interpreter reads', () => {
  const used = new Set<string>();
  const walk = (node: unknown, isMap = false): void => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (!isMap) used.add(key);
      walk(value, !isMap && (key === 'properties' || key === '$defs'));
    }
  };
  walk(SURVEY_JSON_SCHEMA);
  expect([...used].filter((k) => !INTERPRETED.includes(k))).toEqual([]);
  // Every reference points at a definition the browser copy carries.
  for (const ref of JSON.stringify(SURVEY_JSON_SCHEMA).match(/#\/\$defs\/\w+/g) ?? []) {
    expect(SURVEY_JSON_SCHEMA.$defs).toHaveProperty(ref.slice(8));
  }
});

test('the editor schema describes every field, and keeps the defaults', () => {
  const { survey } = jsonSchemas() as { survey: { $defs: Record<string, any> } };
  expect(survey.$defs.survey.properties.sample).toMatchObject({ default: 1, description: expect.stringContaining('0–1') });
  expect(survey.$defs.scaleQuestion.properties.direction.default).toBe('asc');
  const undocumented: string[] = [];
  const walk = (node: any, path: string): void => {
    if (node?.items) walk(node.items, `${path}[]`);
    if (typeof node?.additionalProperties === 'object') walk(node.additionalProperties, `${path}.*`);
    for (const [key, child] of Object.entries<any>(node?.properties ?? {})) {
      // `type` is the question's tag, and `text` is described once, in its own definition.
      if (key !== 'type' && !child.description && !child.$ref) undocumented.push(`${path}.${key}`);
      walk(child, `${path}.${key}`);
    }
  };
  walk(survey, '');
  Object.entries(survey.$defs).forEach(([name, def]) => walk(def, name));
  expect(undocumented).toEqual([]);
});

// Vitest runs from the repository root (happy-dom gives modules a non-file URL).
const EXAMPLES = join(process.cwd(), 'demo', 'surveys');
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'))] as const);

describe('the example documents', () => {
  test('cover the instruments researchers ask for', () => {
    expect(examples.map(([file]) => file).sort()).toEqual([
      'customer-effort-score.json',
      'decision-confidence.json',
      'multilingual.json',
      'nps.json',
      'single-ease-question.json',
      'sure-test.json',
      'wording-experiment.json',
    ]);
  });

  test.each(examples)('%s is valid for zod, the interpreter and validateConfig', (_file, doc) => {
    expect(documentSchema.safeParse(doc).success).toBe(true);
    expect(checkShape(SURVEY_JSON_SCHEMA, doc)).toEqual([]);
    expect(validateConfig(doc).issues.map(formatIssue)).toEqual([]);
  });
});

const base = (): any => structuredClone(demo);
const q = (doc: any, i = 0) => doc.surveys[0].questions[i];
/** Each mutation makes a document that is valid or invalid in shape; zod and the interpreter must agree. */
const mutations: [string, (doc: any) => void][] = [
  ['unchanged', () => {}],
  ['no $schema', (d) => delete d.$schema],
  ['version 2', (d) => (d.version = 2)],
  ['pages missing', (d) => delete d.pages],
  ['page rule with unknown key', (d) => (d.pages.category.glob = ['/x'])],
  ['page rule empty glob', (d) => (d.pages.category.match = [''])],
  ['regex rule', (d) => (d.pages.product = { regex: ['^/p/\\d+$'] })],
  ['outcome selector', (d) => (d.outcomes.wishlist = { selector: '.wish' })],
  ['outcome selector number', (d) => (d.outcomes.wishlist = { selector: 3 })],
  ['surveys not array', (d) => (d.surveys = {})],
  ['empty surveys', (d) => (d.surveys = [])],
  ['survey id empty', (d) => (d.surveys[0].id = '')],
  ['survey id too long', (d) => (d.surveys[0].id = 'x'.repeat(101))],
  ['version 0', (d) => (d.surveys[0].version = 0)],
  ['version float', (d) => (d.surveys[0].version = 1.5)],
  ['pages empty', (d) => (d.surveys[0].pages = [])],
  ['sample 1.5', (d) => (d.surveys[0].sample = 1.5)],
  ['sample -0.1', (d) => (d.surveys[0].sample = -0.1)],
  ['sample 0', (d) => (d.surveys[0].sample = 0)],
  ['sample string', (d) => (d.surveys[0].sample = '0.5')],
  ['trigger nested any/all', (d) => (d.surveys[0].trigger = { all: [{ any: [{ scrollDepth: 0.2 }] }, { pageIndex: 2 }] })],
  ['trigger typo', (d) => (d.surveys[0].trigger = { scrolDepth: 0.5 })],
  ['trigger any empty', (d) => (d.surveys[0].trigger = { any: [] })],
  ['scrollDepth 2', (d) => (d.surveys[0].trigger = { scrollDepth: 2 })],
  ['idleSeconds 0', (d) => (d.surveys[0].trigger = { idleSeconds: 0 })],
  ['count 1.5', (d) => (d.surveys[0].trigger = { event: 'x', count: 1.5 })],
  ['exitIntent string', (d) => (d.surveys[0].trigger = { exitIntent: 'yes' })],
  ['frequency typo', (d) => (d.surveys[0].frequency = { maxPerSesion: 1 })],
  ['cooldownDays 0', (d) => (d.surveys[0].frequency = { cooldownDays: 0 })],
  ['global frequency', (d) => (d.frequency = { minGapMinutes: 30, maxPerSession: 2 })],
  ['questions empty', (d) => (d.surveys[0].questions = [])],
  ['question type unknown', (d) => (q(d).type = 'slider')],
  ['question type missing', (d) => delete q(d).type],
  ['question text number', (d) => (q(d).text = 5)],
  ['question text plain string', (d) => (q(d).text = 'Sure?')],
  ['question text empty string', (d) => (q(d).text = '')],
  ['locale key too short', (d) => (q(d).text = { e: 'x' })],
  ['scale min float', (d) => (q(d).min = 1.5)],
  ['scale layout nps', (d) => Object.assign(q(d), { min: 0, max: 10, layout: 'nps' })],
  ['scale layout bad', (d) => (q(d).layout = 'stars')],
  ['scale direction desc', (d) => (q(d).direction = 'desc')],
  ['scale point labels', (d) => (q(d).labels.points = { 3: { en: 'Middle' } })],
  ['scale labels typo', (d) => (q(d).labels.mid = { en: 'x' })],
  ['choice options empty', (d) => (q(d, 1).options = [])],
  ['choice option text missing', (d) => delete q(d, 1).options[0].text],
  ['choice other maxLength 0', (d) => (q(d, 1).other.maxLength = 0)],
  ['choice shuffle', (d) => (q(d, 1).shuffle = true)],
  ['choice multiple string', (d) => (q(d, 1).multiple = 'true')],
  ['when in list', (d) => (q(d, 1).when = { question: 'confidence', in: [1, 2, 'x', true] })],
  ['when in empty', (d) => (q(d, 1).when = { question: 'confidence', in: [] })],
  ['when lte string', (d) => (q(d, 1).when = { question: 'confidence', lte: '3' })],
  ['when typo', (d) => (q(d, 1).when = { question: 'confidence', lt: 3 })],
  ['text question', (d) => d.surveys[0].questions.push({ id: 't', type: 'text', text: 'Why?', maxLength: 300 })],
  ['text question without maxLength', (d) => d.surveys[0].questions.push({ id: 't', type: 'text', text: 'Why?' })],
  ['binary question', (d) => d.surveys[0].questions.push({ id: 'b', type: 'binary', text: 'Sure?', labels: { yes: 'Yes', no: 'No' } })],
  ['binary labels half', (d) => d.surveys[0].questions.push({ id: 'b', type: 'binary', text: 'Sure?', labels: { yes: 'Yes' } })],
  ['variants', (d) => (d.surveys[0].variants = [{ id: 'A', weight: 1 }, { id: 'B', weight: 2, text: { confidence: 'Sure?' } }])],
  ['variant weight negative', (d) => (d.surveys[0].variants = [{ id: 'A', weight: -1 }])],
  ['variants empty', (d) => (d.surveys[0].variants = [])],
  ['position bar', (d) => (d.surveys[0].position = 'bar')],
  ['position top', (d) => (d.surveys[0].position = 'top')],
  ['thanks', (d) => (d.surveys[0].thanks = { en: 'Thanks!' })],
  ['recordPageViews string', (d) => (d.recordPageViews = 'yes')],
  ['document is array', (d) => ((d as any).length = 0)],
];

describe('zod and the generated JSON Schema agree', () => {
  test.each(mutations)('%s', (_name, mutate) => {
    const doc = base();
    mutate(doc);
    const input = _name === 'document is array' ? [] : doc;
    const zodAccepts = documentSchema.safeParse(input).success;
    const interpreterAccepts = checkShape(SURVEY_JSON_SCHEMA, input).length === 0;
    expect(interpreterAccepts).toBe(zodAccepts);
  });

  test.each(examples)('example %s with a typo in every survey', (_file, example) => {
    const doc = structuredClone(example);
    doc.surveys.forEach((s: any) => (s.trigerr = s.trigger));
    expect(documentSchema.safeParse(doc).success).toBe(false);
    expect(checkShape(SURVEY_JSON_SCHEMA, doc).map(formatIssue)).toEqual(
      doc.surveys.map((_: unknown, i: number) => `surveys[${i}].trigerr: unknown key "trigerr" (check the spelling)`),
    );
  });

  test('the corpus holds both valid and invalid documents', () => {
    const verdicts = mutations.map(([name, mutate]) => {
      const doc = base();
      mutate(doc);
      return documentSchema.safeParse(name === 'document is array' ? [] : doc).success;
    });
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(10);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(30);
  });
});
