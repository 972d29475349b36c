/**
 * The `confidence-pulse` CLI's help texts: a short global usage, and one text per command with its flags and examples
 * (`confidence-pulse validate --help`). `flagsOf` reads a command's flags back from its text, so "did you mean"
 * suggestions and the help can never disagree.
 */
import { PREVIEW_PORT } from './previewCommand';

/** The exit statuses, the last paragraph of every help text. */
export const EXIT_CODES = `Exit status: 0 success, 1 invalid input (a document, a busy port, a database that cannot be opened), 2 a usage error.`;

/** The help text of `confidence-pulse --help`. */
export const USAGE = `Usage: confidence-pulse <command> [options]

Commands:
  validate FILE...   Check survey documents; print every problem with its line, or a summary of each
  preview FILE       Serve the demo store with this survey document, to see each survey on its pages
                     (needs the collector package: npm install -D confidence-pulse-collector)

The collector (serve, snippet) is its own package: npx confidence-pulse-collector --help

Options:
  -h, --help         Show this help; "confidence-pulse <command> --help" shows a command's options and examples
  -v, --version      Print the version

${EXIT_CODES}
Colour is used on a terminal unless NO_COLOR is set (FORCE_COLOR=1 forces it).`;

/** The help text of `confidence-pulse validate --help`. */
export const VALIDATE_HELP = `Usage: confidence-pulse validate FILE...

Check survey documents. Every problem of a file is printed at once, as FILE:LINE:COLUMN: path: message (hint),
with "did you mean" for misspelt keys, question types and page types; a valid file gets a summary of what
will run where.

Options:
  -h, --help   Show this help

Examples:
  confidence-pulse validate surveys.json
  confidence-pulse validate surveys/*.json

${EXIT_CODES}`;

/** The help text of `confidence-pulse preview --help`. */
export const PREVIEW_HELP = `Usage: confidence-pulse preview FILE [options]

Validate the document, then serve the demo store with it, the built widget and a collector with a temporary
database, and print, for each survey, the pages it shows on and a "show now" URL. The file is re-read on every
page load.

Options:
  --port N             Port of the demo store (default ${PREVIEW_PORT}, 0 for any free one)
  --collector-port N   Port of the temporary collector (default 0: any free one)
  --host HOST          Interface to bind (default 127.0.0.1)
  -h, --help           Show this help

Examples:
  confidence-pulse preview surveys.json
  confidence-pulse preview surveys.json --port 0

${EXIT_CODES}`;

/** The long flags a help text documents, e.g. `['--port', '--host', …]`. */
export function flagsOf(help: string): string[] {
  return [...new Set(help.match(/(?<=\s)--[a-z][a-z-]*/g) ?? [])];
}
