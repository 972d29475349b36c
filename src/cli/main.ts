/**
 * The `confidence-pulse` command line: `validate` checks survey documents, `preview` shows them in the demo store.
 * Built to `dist/cli.js`, run by `bin/confidence-pulse.js`. The collector's commands (`serve`, `snippet`) are the
 * `confidence-pulse-collector` package's, so that installing the widget installs no server.
 */
import { parseArgs } from 'node:util';
import { PREVIEW_HELP, USAGE, VALIDATE_HELP } from './commandHelp';
import { paint } from './colour';
import { packageVersion } from './packageVersion';
import { previewCommand } from './previewCommand';
import { readDocumentFile } from '../contract/validation/readDocumentFile';
import type { CliIo } from './cliIo';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, processIo, runCommands, type Program } from './runCommands';
import { summarizeDocument } from './summarizeDocument';
import { UsageError } from './usageError';

export { USAGE } from './commandHelp';
export { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from './runCommands';

export type { CliIo } from './cliIo';

/** The commands of the collector package, and what to run instead. */
export const COLLECTOR_COMMANDS: Readonly<Record<string, string>> = {
  serve: 'npx confidence-pulse-collector serve',
  snippet: 'npx confidence-pulse-collector snippet',
};

const PROGRAM: Program = {
  name: 'confidence-pulse',
  usage: USAGE,
  version: () => packageVersion('confidence-pulse'),
  commands: {
    validate: { help: VALIDATE_HELP, run: validateCommand },
    preview: { help: PREVIEW_HELP, run: (args, io) => previewCommand(args, io, PREVIEW_HELP) },
  },
};

/**
 * Runs the CLI and resolves with the process exit code; `preview` resolves only after shutdown.
 *
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command] = argv;
  const moved = command !== undefined && Object.hasOwn(COLLECTOR_COMMANDS, command) ? COLLECTOR_COMMANDS[command] : undefined;
  if (moved) {
    // One line, exit 2: scripts that ran `confidence-pulse serve` fail loudly with the new command.
    io.err(`confidence-pulse ${command}: the collector is its own package, confidence-pulse-collector: run ${moved}`);
    return EXIT_USAGE;
  }
  return runCommands(PROGRAM, argv, io);
}

async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals: files } = parseArgs({ args, strict: true, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.out(VALIDATE_HELP);
    return EXIT_OK;
  }
  if (files.length === 0) throw new UsageError('give at least one FILE, e.g. confidence-pulse validate surveys.json');
  let failed = false;
  for (const file of files) {
    const problems = await validateFile(file, io);
    failed ||= problems;
  }
  return failed ? EXIT_INVALID : EXIT_OK;
}

/** Validates one file, printing its problems or its summary; answers whether it had problems. */
async function validateFile(file: string, io: CliIo): Promise<boolean> {
  const read = await readDocumentFile(file);
  if (!read.ok) {
    // `FILE:LINE:COLUMN:` is the form editors and CI logs turn into links.
    read.problems.forEach((line) => io.err(line.replace(/^(.*?:(?:\d+:\d+:)?) /, (_, place: string) => `${paint(io.colour?.err, 'bold', place)} `)));
    if (read.problems.length > 1) io.err(paint(io.colour?.err, 'red', `${file}: ${read.problems.length} problems`));
    return true;
  }
  const { surveys } = read.doc;
  io.out(`${file}: ${paint(io.colour?.out, 'green', 'ok')}, ${surveys.length} survey${surveys.length === 1 ? '' : 's'}`);
  summarizeDocument(read.doc).forEach((line) => io.out(line));
  return false;
}
