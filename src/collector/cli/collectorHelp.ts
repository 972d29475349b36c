/**
 * The `confidence-pulse-collector` CLI's help texts: a short global usage, and one text per command with its flags
 * and examples (`confidence-pulse-collector serve --help`).
 */
import { EXIT_CODES } from '../../cli/commandHelp';
import {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS_PER_IP,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../connectionLimits';
import { DEFAULT_BODY_LIMIT } from '../createCollector';
import { DEFAULT_BYTE_LIMIT, DEFAULT_RATE_LIMIT } from '../rateLimit';
import { DEFAULT_EXPORT_TIMEOUT_MS, DEFAULT_REPORT_TIMEOUT_MS } from '../queryTimeout';
import { DEFAULT_DB, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../index';

/** The help text of `confidence-pulse-collector --help`. */
export const COLLECTOR_USAGE = `Usage: confidence-pulse-collector <command> [options]

Commands:
  serve              Start the collector: POST /v1/events, GET /healthz, GET /v1/export, GET / (report)
  snippet            Print the tag to paste on a site for a collector (needs --public-url)

Survey documents are checked with confidence-pulse validate (the widget package).

Options:
  -h, --help         Show this help; "confidence-pulse-collector <command> --help" shows a command's options and examples
  -v, --version      Print the version

${EXIT_CODES}`;

/** The help text of `confidence-pulse-collector serve --help`. */
export const SERVE_HELP = `Usage: confidence-pulse-collector serve [options]

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
  --report-timeout S     PostgreSQL: seconds one report query may run, 0 for none [CP_REPORT_TIMEOUT] (default ${DEFAULT_REPORT_TIMEOUT_MS / 1000})
  --export-timeout S     PostgreSQL: seconds reading one page of an export may run, 0 for none [CP_EXPORT_TIMEOUT]
                         (default ${DEFAULT_EXPORT_TIMEOUT_MS / 1000})
  --max-connections N    Open connections in all [CP_MAX_CONNECTIONS] (default: the open-file limit minus 100)
  --max-connections-per-ip N  Open connections per client IP, 0 for no cap; off behind --trust-proxy
                         [CP_MAX_CONNECTIONS_PER_IP] (default ${DEFAULT_MAX_CONNECTIONS_PER_IP})
  --log-format FORMAT    Request log: combined (Apache/nginx) or json [CP_LOG_FORMAT] (default combined)
  --quiet                No request log lines; server errors still go to stderr [CP_QUIET=1]
  --shutdown-timeout S   Seconds in-flight requests get to finish on SIGTERM [CP_SHUTDOWN_TIMEOUT] (default ${DEFAULT_SHUTDOWN_TIMEOUT_MS / 1000})
  -h, --help             Show this help

Examples:
  confidence-pulse-collector serve --surveys surveys/ --public-url https://collect.example.com --allow-origin https://shop.example.com
  confidence-pulse-collector serve --allow-origin http://localhost:5173
  CP_TOKEN=secret confidence-pulse-collector serve --host 0.0.0.0 --port 8787 --db /var/lib/pulse/pulse.sqlite --trust-proxy
  confidence-pulse-collector serve --db postgres://pulse:secret@127.0.0.1:5432/pulse --rate-limit 1200/min

${EXIT_CODES}`;

/** The help text of `confidence-pulse-collector snippet --help`. */
export const SNIPPET_HELP = `Usage: confidence-pulse-collector snippet --public-url URL

Print the tag to paste on every page of a site for the collector at URL, and its Google Tag Manager variant.
(\`serve\` prints the same when it starts, and the report shows it.)

Options:
  --public-url URL     The collector's address as browsers reach it [CP_PUBLIC_URL]
  -h, --help           Show this help

Examples:
  confidence-pulse-collector snippet --public-url https://collect.example.com

${EXIT_CODES}`;
