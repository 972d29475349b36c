/**
 * The CLI's help texts: a short global usage, and one text per command with its flags and examples
 * (`confidence-pulse serve --help`). `flagsOf` reads a command's flags back from its text, so "did you mean"
 * suggestions and the help can never disagree.
 */
import {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS_PER_IP,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../collector/connectionLimits';
import { DEFAULT_BODY_LIMIT } from '../collector/createCollector';
import { DEFAULT_BYTE_LIMIT, DEFAULT_RATE_LIMIT } from '../collector/rateLimit';
import { DEFAULT_DB, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../collector/index';
import { PREVIEW_PORT } from './previewCommand';

const EXIT_CODES = `Exit status: 0 success, 1 invalid input (a document, a busy port, a database that cannot be opened), 2 a usage error.`;

/** The help text of `confidence-pulse --help`. */
export const USAGE = `Usage: confidence-pulse <command> [options]

Commands:
  serve              Start the collector: POST /v1/events, GET /healthz, GET /v1/export, GET / (report)
  validate FILE...   Check survey documents; print every problem with its line, or a summary of each
  preview FILE       Serve the demo store with this survey document, to see each survey on its pages
  snippet            Print the tag to paste on a site for a collector (needs --public-url)

Options:
  -h, --help         Show this help; "confidence-pulse <command> --help" shows a command's options and examples
  -v, --version      Print the version

${EXIT_CODES}
Colour is used on a terminal unless NO_COLOR is set (FORCE_COLOR=1 forces it).`;

/** The help text of `confidence-pulse serve --help`. */
export const SERVE_HELP = `Usage: confidence-pulse serve [options]

Start the collector: POST /v1/events (ingest), GET /healthz, GET /v1/export, GET / (the report).

Options (flags win over the environment variables in brackets):
  --port N               Port to listen on, 0 for any free one [CP_PORT] (default ${DEFAULT_PORT})
  --host HOST            Interface to bind [CP_HOST] (default ${DEFAULT_HOST})
  --db FILE|URL          SQLite file, created if missing, or postgres://user:pass@host:5432/db [CP_DB] (default ${DEFAULT_DB})
  --allow-origin URL     Origin allowed to post events; repeat or comma-separate, * for any [CP_ALLOW_ORIGIN]
  --token TOKEN          Protect the report and the export: "Authorization: Bearer TOKEN" or the sign-in form [CP_TOKEN]
                         (prefer CP_TOKEN: a flag shows in the process list)
  --body-limit BYTES     Largest request body [CP_BODY_LIMIT] (default ${DEFAULT_BODY_LIMIT})
  --rate-limit N/PERIOD  Requests per client, e.g. 600/min, 20/s, or off [CP_RATE_LIMIT] (default ${DEFAULT_RATE_LIMIT.max}/min)
  --outcome NAME         The outcome the report predicts unless chosen on the page [CP_OUTCOME] (default purchase when recorded)
  --surveys FILE|FOLDER  Publish these survey documents at GET /v1/surveys, validated like validate, re-read on
                         every edit; an invalid edit keeps the last valid one [CP_SURVEYS]
  --public-url URL       The collector's address as browsers reach it, for the tag printed to paste
                         [CP_PUBLIC_URL] (default http://HOST:PORT)
  --byte-limit SIZE/PERIOD  Request body bytes per client, e.g. 10MB/min, 512KB/s, or off [CP_BYTE_LIMIT]
                         (default ${DEFAULT_BYTE_LIMIT.max / 1024 / 1024}MB/min)
  --trust-proxy [WHO]    Behind a reverse proxy, read the client IP and protocol from X-Forwarded-*: no value or a
                         number of proxies (1 when none is given), or the proxies' addresses/ranges, comma-separated
                         (10.0.0.0/8,loopback) [CP_TRUST_PROXY]
  --allow-host NAME      Host name to answer to besides IP addresses and localhost (DNS rebinding defence); repeat
                         or comma-separate; .example.com for subdomains, * for any [CP_ALLOW_HOST]
  --request-timeout S    Seconds to receive a whole request, 0 for none [CP_REQUEST_TIMEOUT] (default ${DEFAULT_REQUEST_TIMEOUT_MS / 1000})
  --headers-timeout S    Seconds to receive a request's headers [CP_HEADERS_TIMEOUT] (default ${DEFAULT_HEADERS_TIMEOUT_MS / 1000})
  --keep-alive-timeout S Seconds an idle kept-alive connection stays open [CP_KEEP_ALIVE_TIMEOUT] (default ${DEFAULT_KEEP_ALIVE_TIMEOUT_MS / 1000})
  --idle-timeout S       Seconds without traffic before a connection is closed, 0 for none [CP_IDLE_TIMEOUT] (default ${DEFAULT_IDLE_TIMEOUT_MS / 1000})
  --max-connections N    Open connections in all [CP_MAX_CONNECTIONS] (default: the open-file limit minus 100)
  --max-connections-per-ip N  Open connections per client IP, 0 for no cap; off behind --trust-proxy
                         [CP_MAX_CONNECTIONS_PER_IP] (default ${DEFAULT_MAX_CONNECTIONS_PER_IP})
  --log-format FORMAT    Request log: combined (Apache/nginx) or json [CP_LOG_FORMAT] (default combined)
  --quiet                No request log lines; server errors still go to stderr [CP_QUIET=1]
  --shutdown-timeout S   Seconds in-flight requests get to finish on SIGTERM [CP_SHUTDOWN_TIMEOUT] (default ${DEFAULT_SHUTDOWN_TIMEOUT_MS / 1000})
  -h, --help             Show this help

Examples:
  confidence-pulse serve --surveys surveys/ --public-url https://collect.example.com --allow-origin https://shop.example.com
  confidence-pulse serve --allow-origin http://localhost:5173
  CP_TOKEN=secret confidence-pulse serve --host 0.0.0.0 --port 8787 --db /var/lib/pulse/pulse.sqlite --trust-proxy
  confidence-pulse serve --db postgres://pulse:secret@127.0.0.1:5432/pulse --rate-limit 1200/min

${EXIT_CODES}`;

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

/** The help text of `confidence-pulse snippet --help`. */
export const SNIPPET_HELP = `Usage: confidence-pulse snippet --public-url URL

Print the tag to paste on every page of a site for the collector at URL, and its Google Tag Manager variant.
(\`serve\` prints the same when it starts, and the report shows it.)

Options:
  --public-url URL     The collector's address as browsers reach it [CP_PUBLIC_URL]
  -h, --help           Show this help

Examples:
  confidence-pulse snippet --public-url https://collect.example.com

${EXIT_CODES}`;

/** Each command's help, by name. */
export const COMMAND_HELP: Record<string, string> = { serve: SERVE_HELP, validate: VALIDATE_HELP, preview: PREVIEW_HELP, snippet: SNIPPET_HELP };

/** The long flags a help text documents, e.g. `['--port', '--host', …]`. */
export function flagsOf(help: string): string[] {
  return [...new Set(help.match(/(?<=\s)--[a-z][a-z-]*/g) ?? [])];
}
