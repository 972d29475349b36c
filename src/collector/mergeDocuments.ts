/**
 * One published document from the documents of a survey folder: each file is a whole document that passes
 * `validate` alone, and the collector publishes their union, because the widget reads one document.
 */
import { isDeepStrictEqual } from 'node:util';
import type { SurveyDocument } from '../contract/documentShapes';

/** The union, or the conflicts that prevent it (one line each, naming the files). */
export type MergeResult = { ok: true; doc: SurveyDocument } | { ok: false; problems: string[] };

/** Keys merged by name across files; every other top-level key but `surveys` must agree where it is set. */
const BY_NAME = ['pages', 'outcomes'] as const;

/**
 * Merges documents in the given (file name) order: `surveys` are concatenated, `pages` and `outcomes` are merged by
 * name (the same name with a different rule is a conflict), and settings such as `consent`, `frequency` and
 * `recordPageViews` must be equal in every file that sets them. `$schema` is dropped (an editor hint).
 */
export function mergeDocuments(documents: readonly { file: string; doc: SurveyDocument }[]): MergeResult {
  const problems: string[] = [];
  const merged: Record<string, unknown> = { version: 1, pages: {}, surveys: [] };
  const setBy: Record<string, string> = {};
  for (const { file, doc } of documents) {
    for (const [key, value] of Object.entries(doc)) {
      if (key === '$schema' || value === undefined) continue;
      if (key === 'surveys') {
        (merged.surveys as unknown[]).push(...(value as unknown[]));
      } else if ((BY_NAME as readonly string[]).includes(key)) {
        const target = (merged[key] ??= {}) as Record<string, unknown>;
        for (const [name, rule] of Object.entries(value as Record<string, unknown>)) {
          const where = `${key}.${name}`;
          if (name in target && !isDeepStrictEqual(target[name], rule)) problems.push(`${file}: ${where} differs from its definition in ${setBy[where]}`);
          else if (!(name in target)) {
            target[name] = rule;
            setBy[where] = file;
          }
        }
      } else if (key in setBy) {
        if (!isDeepStrictEqual(merged[key], value)) problems.push(`${file}: ${key} differs from its value in ${setBy[key]}; set it the same in every file of the folder, or in one only`);
      } else {
        merged[key] = value;
        setBy[key] = file;
      }
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, doc: merged as SurveyDocument };
}
