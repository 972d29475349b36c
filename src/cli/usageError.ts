import { closestName } from '../contract/validation/closestName';

/** A command line the CLI cannot run as written (exit status 2), as opposed to invalid input (exit status 1). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Whether an error is about the command line: a `UsageError`, or one of `util.parseArgs`'s. */
export function isUsageError(error: unknown): boolean {
  return error instanceof UsageError || /^ERR_PARSE_ARGS_/.test(String((error as { code?: unknown } | null)?.code));
}

/**
 * The words for a usage error: `util.parseArgs`'s long messages made short, with "did you mean" for a
 * misspelt flag among `flags`, the ones the command's help documents (`flagsOf`).
 */
export function describeUsageError(error: unknown, flags: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'(-{1,2}[^'=]+)/.exec(message)?.[1] ?? '';
    const meant = flag.startsWith('--') ? closestName(flag, flags) : undefined;
    return `unknown option ${flag}${meant ? ` (did you mean ${meant}?)` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}`.trim();
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // "Option '--port <value>' argument missing"
    const flag = /'(--[a-z-]+)/.exec(message)?.[1];
    return flag ? `${flag} needs a value` : message;
  }
  return message;
}
