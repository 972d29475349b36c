import { closestName } from './closestName';
import { checkDocument } from './checkDocument';
import { checkShape, type JsonSchema } from './checkShape';
import type { ConfigIssue } from './issue';
import { locateIssues, parseWithPositions, type LocatedIssue } from './locateIssues';
import type { SurveyDocument } from '../documentShapes';
import { SURVEY_JSON_SCHEMA } from '../documentJsonSchema';

/** Every problem of a document file, located, and the document when there are none. */
export type EveryProblem = { ok: true; doc: SurveyDocument } | { ok: false; issues: LocatedIssue[] };

type Json = Record<string, unknown>;

/**
 * Checks a survey document's text in one pass and reports every problem with its line and column (Node only:
 * the CLI's `validate` and `preview`). Where `validateConfig` stops at the first shape problem, this reads on:
 *
 * 1. syntax errors (then nothing else can be trusted);
 * 2. the shape, with "did you mean" for misspelt keys, question types, page types and enumerated values;
 * 3. the cross-field rules of `checkDocument`, on the parts whose shape is sound. A misspelt key is read under
 *    the name it most likely meant, so the rest of its survey is still checked; a survey with another shape
 *    problem is left out of these rules, since they assume a valid shape.
 */
export function findEveryProblem(rawText: string): EveryProblem {
  // Editors on Windows may save a byte-order mark.
  const text = rawText.replace(/^\uFEFF/, '');
  const parsed = parseWithPositions(text);
  if (parsed.syntaxErrors.length) return { ok: false, issues: parsed.syntaxErrors };
  const doc: unknown = JSON.parse(text);

  const shape = checkShape(SURVEY_JSON_SCHEMA, doc);
  if (!shape.length) {
    const rules = checkDocument(doc as SurveyDocument).map((issue) => withSuggestion(issue, doc));
    return rules.length ? { ok: false, issues: sorted(locateIssues(parsed, rules)) } : { ok: true, doc: doc as SurveyDocument };
  }

  // Read misspelt keys as the key they most likely meant; their "required" twins are the same problem.
  const repaired = structuredClone(doc) as Json;
  const renamed: [from: string, to: string][] = [];
  const issues: ConfigIssue[] = shape.map((issue) => {
    const unknown = /^unknown key "(.*)"$/.exec(issue.message);
    if (!unknown) return withSuggestion(issue, doc);
    const key = unknown[1]!;
    const parentPath = issue.path.slice(0, issue.path.length - key.length).replace(/\.$/, '');
    const parent = valueAt(repaired, parentPath) as Json | undefined;
    const known = Object.keys(schemaAt(doc, parentPath)?.properties ?? {});
    const meant = closestName(key, known.filter((name) => parent?.[name] === undefined)) ?? closestName(key, known);
    if (!meant) return issue;
    if (parent && parent[meant] === undefined) {
      parent[meant] = parent[key];
      renamed.push([issue.path, parentPath ? `${parentPath}.${meant}` : meant]);
    }
    if (parent) delete parent[key];
    return { ...issue, hint: `did you mean "${meant}"?` };
  });
  const reported = issues.filter((issue) => !renamed.some(([, to]) => issue.path === to && issue.message.startsWith('required')));
  // Problems inside a renamed key's value, named by the key as written.
  for (const issue of checkShape(SURVEY_JSON_SCHEMA, repaired)) {
    const rename = renamed.find(([, to]) => issue.path.startsWith(`${to}.`) || issue.path.startsWith(`${to}[`));
    if (rename) reported.push(withSuggestion({ ...issue, path: rename[0] + issue.path.slice(rename[1].length) }, doc));
  }
  reported.push(...rulesOfSoundParts(repaired).map((issue) => withSuggestion(issue, doc)));
  return { ok: false, issues: sorted(locateIssues(parsed, reported)) };
}

/** `checkDocument` on the surveys and parts whose shape holds, with paths of the original document. */
function rulesOfSoundParts(doc: Json): ConfigIssue[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return [];
  const broken = new Set<number>();
  let pagesBroken = false;
  for (const issue of checkShape(SURVEY_JSON_SCHEMA, doc)) {
    const survey = /^surveys\[(\d+)\]/.exec(issue.path);
    const top = /^[^.[]*/.exec(issue.path)![0];
    if (survey) broken.add(Number(survey[1]));
    else if (top === 'surveys') doc.surveys = [];
    else if (top === 'pages') {
      const pages = doc.pages;
      const type = issue.path.slice('pages.'.length).split('.')[0]!;
      // A page type with a broken rule still exists for the surveys naming it.
      if (typeof pages === 'object' && pages !== null && !Array.isArray(pages) && type) (pages as Json)[type] = {};
      else {
        doc.pages = {};
        pagesBroken = true;
      }
    } else if (top === 'version') doc.version = 1;
    else if (top === 'outcomes' && issue.path.startsWith('outcomes.') && isObject(doc.outcomes)) delete doc.outcomes[issue.path.slice(9).split('.')[0]!];
    else delete doc[top];
  }
  const surveys = Array.isArray(doc.surveys) ? doc.surveys : [];
  const kept = surveys.map((_, i) => i).filter((i) => !broken.has(i));
  const sound = { ...doc, surveys: kept.map((i) => surveys[i]) };
  if (checkShape(SURVEY_JSON_SCHEMA, sound).length) return [];
  return checkDocument(sound as SurveyDocument)
    .filter((issue) => !(pagesBroken && issue.message.startsWith('unknown page type')))
    .map((issue) => ({ ...issue, path: issue.path.replace(/^surveys\[(\d+)\]/, (_, j: string) => `surveys[${kept[Number(j)]}]`) }));
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Adds "did you mean" to a misspelt question type, page type or enumerated value. */
function withSuggestion(issue: ConfigIssue, doc: unknown): ConfigIssue {
  const value = valueAt(doc, issue.path);
  if (typeof value !== 'string') return issue;
  let candidates: string[] = [];
  const type = /^unknown "type" \(expected (.*)\)$/.exec(issue.message);
  if (type) candidates = type[1]!.split(/, | or /);
  else if (issue.message.startsWith('unknown page type')) candidates = Object.keys((doc as { pages?: object }).pages ?? {});
  else if (/^must be ".*" or "/.test(issue.message)) candidates = [...issue.message.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
  const meant = closestName(value, candidates);
  if (!meant) return issue;
  return { ...issue, hint: `did you mean "${meant}"?${issue.hint ? ` ${issue.hint}` : ''}` };
}

/** The value at an issue path, e.g. `surveys[0].pages[1]` (keys with dots are matched against the keys present). */
function valueAt(root: unknown, path: string): unknown {
  let value = root;
  let rest = path;
  while (rest) {
    const index = /^\[(\d+)\]\.?/.exec(rest);
    if (index && Array.isArray(value)) {
      value = value[Number(index[1])];
      rest = rest.slice(index[0].length);
      continue;
    }
    if (!isObject(value)) return undefined;
    const key = Object.keys(value)
      .filter((name) => rest === name || rest.startsWith(`${name}.`) || rest.startsWith(`${name}[`))
      .sort((a, b) => b.length - a.length)[0];
    if (key === undefined) return undefined;
    value = value[key];
    rest = rest.slice(key.length).replace(/^\./, '');
  }
  return value;
}

/** The object schema that applies at a path of the document: unions resolved by the value's `type` or kind. */
function schemaAt(doc: unknown, path: string): JsonSchema | undefined {
  const root = SURVEY_JSON_SCHEMA;
  const deref = (s: JsonSchema): JsonSchema => (s.$ref ? root.$defs![s.$ref.slice(8)]! : s);
  const resolve = (s: JsonSchema, value: unknown): JsonSchema => {
    const schema = deref(s);
    const branches = (schema.anyOf ?? schema.oneOf)?.map(deref);
    if (!branches) return schema;
    const tagged = branches.find((b) => isObject(value) && b.properties?.type?.const === value.type);
    return tagged ?? branches.find((b) => b.type === (Array.isArray(value) ? 'array' : typeof value)) ?? schema;
  };
  let schema = resolve(root, doc);
  let value = doc;
  for (const segment of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    const index = /^\[(\d+)\]$/.exec(segment);
    if (index) {
      if (!schema.items || !Array.isArray(value)) return undefined;
      value = value[Number(index[1])];
      schema = resolve(schema.items, value);
    } else {
      const next = schema.properties?.[segment] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (!next || !isObject(value)) return undefined;
      value = value[segment];
      schema = resolve(next, value);
    }
  }
  return schema;
}

const sorted = (issues: LocatedIssue[]) => issues.sort((a, b) => a.line - b.line || a.column - b.column);
