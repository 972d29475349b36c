import { styleText } from 'node:util';

/**
 * Whether to colour a stream: on a terminal, unless `NO_COLOR` is set to anything non-empty (no-color.org) or
 * `TERM` is `dumb`; `FORCE_COLOR` (other than `0`) colours a pipe too, and `NO_COLOR` still wins over it.
 */
export function wantsColour(env: Readonly<Record<string, string | undefined>>, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return !!isTTY && env.TERM !== 'dumb';
}

/** Styles text when `colour` is on, e.g. `paint(true, 'red', 'error')`; plain text otherwise. */
export function paint(colour: boolean | undefined, style: Parameters<typeof styleText>[0], text: string): string {
  // The decision is ours (it is per stream and testable): Node's own check would look at process.stdout.
  return colour ? styleText(style, text, { validateStream: false }) : text;
}
