import type { SurveyDocument } from './schema';
import { formatIssue } from './issue';
import { validateConfig } from './validateConfig';

/**
 * Validates the document in the browser (in its own chunk, so neither the script-tag file nor the UI chunk carries
 * the validator) and reports the first problem as one console line naming its path.
 */
export function checkDocumentOnce(doc: unknown): { data?: SurveyDocument; error?: string } {
  const result = validateConfig(doc);
  if (result.success) return { data: result.data };
  const [first, ...rest] = result.issues;
  return {
    error: `[confidence-pulse] invalid survey document, nothing will be shown: ${formatIssue(first!)}${rest.length ? ` (and ${rest.length} more; run \`npx confidence-pulse validate\`)` : ''}`,
  };
}
