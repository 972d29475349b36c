import type { SurveyDocument } from '../surveyDocument';
import { checkDocument } from './checkDocument';
import { checkShape } from './checkShape';
import type { ConfigIssue } from './issue';
import { SURVEY_JSON_SCHEMA } from '../documentJsonSchema';

/** The outcome of validating a survey document: the typed document, or every problem found. */
export type ValidationResult =
  | { success: true; data: SurveyDocument; issues: [] }
  | { success: false; issues: ConfigIssue[] };

/**
 * Validates a survey document: its shape (the JSON Schema generated from the zod source),
 * then cross-field rules. Never throws; each problem has a path such as `surveys[0].questions[1].when.question`.
 * The CLI, the npm API and the browser all call this one function, so they report the same words.
 *
 * ```ts
 * const result = validateConfig(JSON.parse(text));
 * if (!result.success) result.issues.forEach((i) => console.error(formatIssue(i)));
 * ```
 */
export function validateConfig(doc: unknown): ValidationResult {
  const shape = checkShape(SURVEY_JSON_SCHEMA, doc);
  if (shape.length) return { success: false, issues: shape };
  const issues = checkDocument(doc as SurveyDocument);
  return issues.length ? { success: false, issues } : { success: true, data: doc as SurveyDocument, issues: [] };
}

/** `['surveys', 0, 'questions', 1, 'id']` → `surveys[0].questions[1].id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}
