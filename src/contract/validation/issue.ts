/** One problem found in a survey document. */
export interface ConfigIssue {
  /** Where, as `surveys[0].questions[1].when.question`; empty for the whole document. */
  path: string;
  /** What is wrong, in plain words. */
  message: string;
  /** How to fix it, when there is an obvious way. */
  hint?: string | undefined;
}

/** Formats an issue as the one line the CLI and the console print: `path: message (hint)`. */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path || '(document)'}: ${issue.message}${issue.hint ? ` (${issue.hint})` : ''}`;
}
