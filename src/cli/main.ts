/**
 * The `confidence-pulse` command line: `serve` runs the collector, `validate` checks survey
 * documents, `preview` shows them in the demo store. Built to `dist/cli.js`, run by `bin/confidence-pulse.js`.
 */
import { parseArgs } from 'node:util';
import {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS_PER_IP,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../collector/connectionLimits';
import { DEFAULT_BODY_LIMIT } from '../collector/createCollector';
import { DEFAULT_BYTE_LIMIT, DEFAULT_RATE_LIMIT, parseByteLimit, parseRateLimit } from '../collector/rateLimit';
import { parseTrustProxy } from '../collector/trustProxy';
import {
  DEFAULT_DB,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  startCollector,
  type StartCollectorOptions,
} from '../collector/index';
import { PREVIEW_PORT, previewCommand } from './previewCommand';
import { readDocumentFile } from './readDocumentFile';
import { printSnippet, snippetCommand } from './snippetCommand';
import { installSnippet, normalizePublicUrl } from '../collector/installSnippet';
import { summarizeDocument } from './summarizeDocument';

/** The help text of `confidence-pulse --help`. */
export const USAGE = `Usage: confidence-pulse <command> [options]

Commands:
  serve              Start the collector: POST /v1/events, GET /healthz, GET /v1/export, GET / (report)
  validate FILE...   Check survey documents; print every problem and exit 1, or a summary of each
  preview FILE       Serve the demo store with this survey document, to see each survey on its pages
  snippet            Print the tag to paste on a site for this collector (needs --public-url)

Options of serve (flags win over the environment variables in brackets):
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

Options of snippet:
  --public-url URL     The collector's address as browsers reach it [CP_PUBLIC_URL]

Options of preview:
  --port N             Port of the demo store (default ${PREVIEW_PORT}, 0 for any free one)
  --collector-port N   Port of the temporary collector (default 0: any free one)
  --host HOST          Interface to bind (default 127.0.0.1)

  -h, --help           Show this help`;

/** What the CLI needs from its process; tests pass their own. */
export interface CliIo {
  /** Prints a line of normal output. */
  out(line: string): void;
  /** Prints a line of diagnostics. */
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves once the process is asked to stop (SIGINT/SIGTERM), with the signal's name. */
  untilShutdown(): Promise<string>;
}

/**
 * Runs the CLI and resolves with the process exit code; `serve` resolves only after shutdown.
 *
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.err(USAGE);
    return 1;
  }
  if (command === '-h' || command === '--help' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  try {
    if (command === 'serve') return await serveCommand(rest, io);
    if (command === 'validate') return await validateCommand(rest, io);
    if (command === 'preview') return await previewCommand(rest, io, USAGE);
    if (command === 'snippet') return await snippetCommand(rest, io, USAGE);
  } catch (error) {
    io.err(`confidence-pulse ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  io.err(`confidence-pulse: unknown command "${command}". Run confidence-pulse --help.`);
  return 1;
}

function processIo(): CliIo {
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    env: process.env,
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

async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: withTrustProxyValue(args),
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      token: { type: 'string' },
      'body-limit': { type: 'string' },
      'rate-limit': { type: 'string' },
      'byte-limit': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'request-timeout': { type: 'string' },
      'headers-timeout': { type: 'string' },
      'keep-alive-timeout': { type: 'string' },
      'idle-timeout': { type: 'string' },
      'max-connections': { type: 'string' },
      'max-connections-per-ip': { type: 'string' },
      outcome: { type: 'string' },
      surveys: { type: 'string' },
      'public-url': { type: 'string' },
      'log-format': { type: 'string' },
      quiet: { type: 'boolean' },
      'shutdown-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const { env } = io;
  const origins = values['allow-origin'] ?? (env.CP_ALLOW_ORIGIN ? [env.CP_ALLOW_ORIGIN] : []);
  const logFormat = values['log-format'] ?? env.CP_LOG_FORMAT ?? 'combined';
  if (logFormat !== 'combined' && logFormat !== 'json') throw new Error(`--log-format must be combined or json, got "${logFormat}"`);
  const rateLimitText = values['rate-limit'] ?? env.CP_RATE_LIMIT;
  let rateLimit: StartCollectorOptions['rateLimit'];
  try {
    rateLimit = rateLimitText === undefined || rateLimitText === '' ? DEFAULT_RATE_LIMIT : parseRateLimit(rateLimitText);
  } catch (error) {
    throw new Error(`--rate-limit ${(error as Error).message.replace(/^rate limit /, "")}`);
  }
  const byteLimitText = values['byte-limit'] ?? env.CP_BYTE_LIMIT;
  let byteLimit: StartCollectorOptions['byteLimit'];
  try {
    byteLimit = byteLimitText === undefined || byteLimitText === '' ? DEFAULT_BYTE_LIMIT : parseByteLimit(byteLimitText);
  } catch (error) {
    throw new Error(`--byte-limit ${(error as Error).message.replace(/^byte limit /, '')}`);
  }
  const trustProxyText = values['trust-proxy'] ?? (env.CP_TRUST_PROXY || undefined);
  const seconds = (flag: string, text: string | undefined, fallbackMs: number, min = 0) => parseInteger(flag, text, fallbackMs / 1000, min, 86_400) * 1000;
  const publicUrl = values['public-url'] ?? (env.CP_PUBLIC_URL || undefined);
  // The public URL's name is one the collector answers to.
  const hosts = [...(values['allow-host'] ?? (env.CP_ALLOW_HOST ? [env.CP_ALLOW_HOST] : [])), ...(publicUrl ? [new URL(normalizePublicUrl(publicUrl)).hostname] : [])];
  const maxConnections = values['max-connections'] ?? env.CP_MAX_CONNECTIONS;
  const options: StartCollectorOptions = {
    port: parseInteger('--port', values.port ?? env.CP_PORT, DEFAULT_PORT, 0, 65535),
    host: values.host ?? env.CP_HOST ?? DEFAULT_HOST,
    db: values.db ?? env.CP_DB ?? DEFAULT_DB,
    allowOrigins: origins.flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean),
    token: values.token ?? (env.CP_TOKEN || undefined),
    bodyLimit: parseInteger('--body-limit', values['body-limit'] ?? env.CP_BODY_LIMIT, DEFAULT_BODY_LIMIT, 1, Number.MAX_SAFE_INTEGER),
    rateLimit,
    primaryOutcome: values.outcome ?? (env.CP_OUTCOME || undefined),
    surveys: values.surveys ?? (env.CP_SURVEYS || undefined),
    publicUrl: publicUrl === undefined ? undefined : normalizePublicUrl(publicUrl),
    byteLimit,
    trustProxy: trustProxyText === undefined ? false : readTrustProxy(trustProxyText),
    allowHosts: hosts.flatMap((h) => h.split(',')).map((h) => h.trim()).filter(Boolean),
    requestTimeoutMs: seconds('--request-timeout', values['request-timeout'] ?? env.CP_REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT_MS),
    headersTimeoutMs: seconds('--headers-timeout', values['headers-timeout'] ?? env.CP_HEADERS_TIMEOUT, DEFAULT_HEADERS_TIMEOUT_MS),
    keepAliveTimeoutMs: seconds('--keep-alive-timeout', values['keep-alive-timeout'] ?? env.CP_KEEP_ALIVE_TIMEOUT, DEFAULT_KEEP_ALIVE_TIMEOUT_MS, 1),
    idleTimeoutMs: seconds('--idle-timeout', values['idle-timeout'] ?? env.CP_IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT_MS),
    maxConnections: maxConnections === undefined || maxConnections === '' ? undefined : parseInteger('--max-connections', maxConnections, 0, 1, 1_000_000),
    maxConnectionsPerIp: parseInteger(
      '--max-connections-per-ip',
      values['max-connections-per-ip'] ?? env.CP_MAX_CONNECTIONS_PER_IP,
      DEFAULT_MAX_CONNECTIONS_PER_IP,
      0,
      1_000_000,
    ),
    // Quiet silences the request lines only: a server error always reaches stderr.
    log: { format: logFormat, write: io.out, error: io.err, requests: !(values.quiet || isTrue(env.CP_QUIET)) },
    shutdownTimeoutMs:
      parseInteger('--shutdown-timeout', values['shutdown-timeout'] ?? env.CP_SHUTDOWN_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT_MS / 1000, 0, 3600) * 1000,
  };

  const collector = await startCollector(options);
  io.out(`Confidence Pulse collector listening on ${collector.url}`);
  io.out(`Events: POST ${collector.url}/v1/events`);
  io.out(`Database: ${collector.db}`);
  io.out(`Report: ${collector.url}/${options.token ? ' (token required)' : ''}`);
  io.out(`Allowed origins: ${options.allowOrigins?.length ? options.allowOrigins.join(', ') : 'none (only same-origin pages and non-browser clients)'}`);
  io.out(`Host names: IP addresses, localhost${options.allowHosts?.length ? `, ${options.allowHosts.join(', ')}` : ' (add names with --allow-host)'}`);
  io.out(`Surveys: ${collector.surveys ? `GET ${collector.url}/v1/surveys, from ${collector.surveys.path} (re-read on every edit)` : 'none published (add --surveys FILE|FOLDER)'}`);
  printSnippet(installSnippet(options.publicUrl ?? collector.url), io);
  if (!options.token && !isLoopback(options.host ?? DEFAULT_HOST)) {
    io.err('Warning: the report at / is readable by anyone who can reach this host; set --token.');
  }

  const signal = await io.untilShutdown();
  io.out(`${signal}: finishing in-flight requests…`);
  await collector.close();
  io.out('Collector stopped.');
  return 0;
}

function parseInteger(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

/**
 * `--trust-proxy` may stand alone (one proxy) or take a value: parseArgs knows no optional values, so a bare
 * flag (last, or followed by another flag) is given the value 1 here.
 */
function withTrustProxyValue(args: string[]): string[] {
  return args.map((arg, i) => (arg === '--trust-proxy' && (args[i + 1] === undefined || args[i + 1]!.startsWith('-')) ? '--trust-proxy=1' : arg));
}

function readTrustProxy(text: string): StartCollectorOptions['trustProxy'] {
  try {
    return parseTrustProxy(text);
  } catch (error) {
    throw new Error(`--trust-proxy: ${(error as Error).message.replace(/^trust proxy: /, '')}`);
  }
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals: files } = parseArgs({ args, strict: true, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (files.length === 0) {
    io.err('confidence-pulse validate: give at least one FILE, e.g. confidence-pulse validate surveys.json');
    return 1;
  }
  let failed = false;
  for (const file of files) {
    const problems = await validateFile(file, io);
    failed ||= problems;
  }
  return failed ? 1 : 0;
}

/** Validates one file, printing its problems or its summary; answers whether it had problems. */
async function validateFile(file: string, io: CliIo): Promise<boolean> {
  const read = await readDocumentFile(file);
  if (!read.ok) {
    read.problems.forEach((line) => io.err(line));
    return true;
  }
  const { surveys } = read.doc;
  io.out(`${file}: ok, ${surveys.length} survey${surveys.length === 1 ? '' : 's'}`);
  summarizeDocument(read.doc).forEach((line) => io.out(line));
  return false;
}
