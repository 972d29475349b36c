import type { SurveyDocument } from '../documentShapes';
import { formatIssue } from './issue';
import { validateConfig } from './validateConfig';

/**
 * Validates the document in the UI chunk (so the script-tag file carries no validator, and the lean UI chunk used for
 * documents the collector validated carries none either) and reports the first problem as one console line naming its path.
 */
export function checkDocumentOnce(doc: unknown): { data?: SurveyDocument; error?: string } {
  const result = validateConfig(doc);
  if (result.success) return { data: result.data };
  const [first, ...rest] = result.issues;
  return {
    error: `[confidence-pulse] invalid survey document, nothing will be shown: ${formatIssue(first!)}${rest.length ? ` (and ${rest.length} more; run \`npx confidence-pulse validate\`)` : ''}`,
  };
}
