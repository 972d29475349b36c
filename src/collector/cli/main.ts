/**
 * The `confidence-pulse-collector` command line: `serve` runs the collector, `snippet` prints the tag to paste.
 * Built to packages/collector/dist/cli.js, run by its `bin/confidence-pulse-collector.js`.
 */
import type { CliIo } from '../../cli/cliIo';
import { packageVersion } from '../../cli/packageVersion';
import { processIo, runCommands, type Program } from '../../cli/runCommands';
import { snippetCommand } from './snippetCommand';
import { COLLECTOR_USAGE, SERVE_HELP, SNIPPET_HELP } from './collectorHelp';
import { serveCommand } from './serveCommand';

export { COLLECTOR_USAGE } from './collectorHelp';

const PROGRAM: Program = {
  name: 'confidence-pulse-collector',
  usage: COLLECTOR_USAGE,
  version: () => packageVersion('confidence-pulse-collector'),
  commands: {
    serve: { help: SERVE_HELP, run: serveCommand },
    snippet: { help: SNIPPET_HELP, run: (args, io) => snippetCommand(args, io, SNIPPET_HELP) },
  },
};

/**
 * Runs the collector's CLI and resolves with the process exit code; `serve` resolves only after shutdown.
 *
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return runCommands(PROGRAM, argv, io);
}
