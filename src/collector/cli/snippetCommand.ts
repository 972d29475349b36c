/**
 * `confidence-pulse-collector snippet --public-url URL`: prints the tag to paste on a site for the collector at URL, and its
 * Google Tag Manager variant (`serve` prints the tag too, and the report shows both).
 */
import { parseArgs } from 'node:util';
import { installSnippet } from '../installSnippet';
import type { CliIo } from '../../cli/cliIo';
import { UsageError } from '../../cli/usageError';

/** Runs `snippet`; resolves with the exit code. */
export async function snippetCommand(args: string[], io: CliIo, usage: string): Promise<number> {
  const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: { 'public-url': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const publicUrl = values['public-url'] ?? (io.env.CP_PUBLIC_URL || undefined);
  if (!publicUrl) throw new UsageError("give --public-url, the collector's address as browsers reach it, e.g. --public-url https://collect.example.com");
  let snippet;
  try {
    snippet = installSnippet(publicUrl);
  } catch (error) {
    throw new UsageError(`--public-url: ${(error as Error).message}`);
  }
  printSnippet(snippet, io);
  return 0;
}

/** Prints the tag and its Tag Manager variant, each under a line saying where it goes. */
export function printSnippet(snippet: { tag: string; gtm: string }, io: CliIo): void {
  const print = (text: string) => text.split('\n').forEach((line) => io.out(line));
  io.out('Paste on every page of the site, in <head>:');
  print(snippet.tag);
  io.out('Or, with Google Tag Manager, as a Custom HTML tag fired on All Pages:');
  print(snippet.gtm);
}
