/**
 * What both command lines share (`confidence-pulse` for documents, `confidence-pulse-collector` for the server):
 * `--help`, `--version`, `help COMMAND`, "did you mean" for an unknown command, and usage errors turned into exit 2
 * with a pointer to the command's help.
 */
import { closestName } from '../contract/validation/closestName';
import { wantsColour } from './colour';
import { flagsOf } from './commandHelp';
import type { CliIo } from './cliIo';
import { describeUsageError, isUsageError } from './usageError';

/** Exit statuses: success, invalid input (a document, a busy port, a database), a command line that cannot run. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/** One command: its help text (whose flags "did you mean" suggests from) and what runs it. */
export interface Command {
  help: string;
  /** Resolves with the exit code; throws a `UsageError` for a command line that cannot run. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A command-line program: its name as typed, its usage text, its version and its commands. */
export interface Program {
  name: string;
  usage: string;
  version(): string;
  commands: Record<string, Command>;
}

/** Runs `argv` against the program's commands and resolves with the process exit code. */
export async function runCommands(program: Program, argv: string[], io: CliIo): Promise<number> {
  const { name, usage, commands } = program;
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.err(usage);
    return EXIT_USAGE;
  }
  if (command === '-h' || command === '--help') {
    io.out(usage);
    return EXIT_OK;
  }
  if (command === 'help') {
    // `NAME help serve` is `NAME serve --help`.
    const help = rest[0] === undefined ? usage : commands[rest[0]]?.help;
    if (help) io.out(help);
    else io.err(`${name} help: unknown command "${rest[0]}"; the commands are ${Object.keys(commands).join(', ')}`);
    return help ? EXIT_OK : EXIT_USAGE;
  }
  if (command === '-v' || command === '--version') {
    io.out(program.version());
    return EXIT_OK;
  }
  const chosen = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!chosen) {
    const meant = closestName(command, Object.keys(commands));
    io.err(`${name}: unknown ${command.startsWith('-') ? 'option' : 'command'} "${command}"${meant ? ` (did you mean ${meant}?)` : ''}. Run ${name} --help.`);
    return EXIT_USAGE;
  }
  try {
    return await chosen.run(rest, io);
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`${name} ${command}: ${describeUsageError(error, flagsOf(chosen.help))}. Run ${name} ${command} --help.`);
      return EXIT_USAGE;
    }
    io.err(`${name} ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_INVALID;
  }
}

/** The real process: stdout, stderr, its environment, colour on a terminal, and SIGINT/SIGTERM. */
export function processIo(): CliIo {
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    env: process.env,
    colour: { out: wantsColour(process.env, process.stdout.isTTY), err: wantsColour(process.env, process.stderr.isTTY) },
    untilShutdown: () =>
      new Promise((resolve) => {
        const onSignal = (signal: NodeJS.Signals) => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          // A second Ctrl-C while requests drain means "stop now".
          process.once('SIGINT', () => process.exit(130));
          resolve(signal);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      }),
  };
}
