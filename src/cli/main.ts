/**
 * The `confidence-pulse` command line: `serve` runs the collector, `validate` checks survey
 * documents, `preview` shows them in the demo store, `snippet` prints the tag to paste. Built to `dist/cli.js`, run by `bin/confidence-pulse.js`.
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
  CollectorStartError,
  DEFAULT_DB,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  startCollector,
  type StartCollectorOptions,
} from '../collector/index';
import { closestName } from '../contract/validation/closestName';
import type { CliIo } from './cliIo';
import { COMMAND_HELP, flagsOf, PREVIEW_HELP, SERVE_HELP, SNIPPET_HELP, USAGE, VALIDATE_HELP } from './commandHelp';
import { paint, wantsColour } from './colour';
import { packageVersion } from './packageVersion';
import { previewCommand } from './previewCommand';
import { readDocumentFile } from '../contract/validation/readDocumentFile';
import { printSnippet, snippetCommand } from './snippetCommand';
import { installSnippet, normalizePublicUrl } from '../collector/installSnippet';
import { summarizeDocument } from './summarizeDocument';
import { describeUsageError, isUsageError, UsageError } from './usageError';

export { USAGE } from './commandHelp';
export type { CliIo } from './cliIo';

/** Exit statuses: success, invalid input (a document, a busy port, a database), a command line that cannot run. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

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
    return EXIT_USAGE;
  }
  if (command === '-h' || command === '--help') {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (command === 'help') {
    // `confidence-pulse help serve` is `confidence-pulse serve --help`.
    const help = rest[0] === undefined ? USAGE : COMMAND_HELP[rest[0]];
    if (help) io.out(help);
    else io.err(`confidence-pulse help: unknown command "${rest[0]}"; the commands are ${Object.keys(COMMAND_HELP).join(", ")}`);
    return help ? EXIT_OK : EXIT_USAGE;
  }
  if (command === '-v' || command === '--version') {
    io.out(packageVersion());
    return EXIT_OK;
  }
  const help = COMMAND_HELP[command];
  if (!help) {
    const meant = closestName(command, Object.keys(COMMAND_HELP));
    io.err(`confidence-pulse: unknown ${command.startsWith('-') ? 'option' : 'command'} "${command}"${meant ? ` (did you mean ${meant}?)` : ''}. Run confidence-pulse --help.`);
    return EXIT_USAGE;
  }
  try {
    if (command === 'serve') return await serveCommand(rest, io);
    if (command === 'validate') return await validateCommand(rest, io);
    if (command === 'snippet') return await snippetCommand(rest, io, SNIPPET_HELP);
    return await previewCommand(rest, io, PREVIEW_HELP);
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`confidence-pulse ${command}: ${describeUsageError(error, flagsOf(help))}. Run confidence-pulse ${command} --help.`);
      return EXIT_USAGE;
    }
    io.err(`confidence-pulse ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_INVALID;
  }
}

function processIo(): CliIo {
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
    io.out(SERVE_HELP);
    return EXIT_OK;
  }
  const { env } = io;
  const origins = values['allow-origin'] ?? (env.CP_ALLOW_ORIGIN ? [env.CP_ALLOW_ORIGIN] : []);
  const logFormat = values['log-format'] ?? env.CP_LOG_FORMAT ?? 'combined';
  if (logFormat !== 'combined' && logFormat !== 'json') throw new UsageError(`--log-format must be combined or json, got "${logFormat}"`);
  const rateLimitText = values['rate-limit'] ?? env.CP_RATE_LIMIT;
  let rateLimit: StartCollectorOptions['rateLimit'];
  try {
    rateLimit = rateLimitText === undefined || rateLimitText === '' ? DEFAULT_RATE_LIMIT : parseRateLimit(rateLimitText);
  } catch (error) {
    throw new UsageError(`--rate-limit ${(error as Error).message.replace(/^rate limit /, "")}`);
  }
  const byteLimitText = values['byte-limit'] ?? env.CP_BYTE_LIMIT;
  let byteLimit: StartCollectorOptions['byteLimit'];
  try {
    byteLimit = byteLimitText === undefined || byteLimitText === '' ? DEFAULT_BYTE_LIMIT : parseByteLimit(byteLimitText);
  } catch (error) {
    throw new UsageError(`--byte-limit ${(error as Error).message.replace(/^byte limit /, '')}`);
  }
  const trustProxyText = values['trust-proxy'] ?? (env.CP_TRUST_PROXY || undefined);
  const seconds = (flag: string, text: string | undefined, fallbackMs: number, min = 0) => parseInteger(flag, text, fallbackMs / 1000, min, 86_400) * 1000;
  const givenPublicUrl = values['public-url'] ?? (env.CP_PUBLIC_URL || undefined);
  let publicUrl: string | undefined;
  try {
    publicUrl = givenPublicUrl === undefined ? undefined : normalizePublicUrl(givenPublicUrl);
  } catch (error) {
    throw new UsageError(`--public-url: ${(error as Error).message}`);
  }
  // The public URL's name is one the collector answers to.
  const hosts = [...(values['allow-host'] ?? (env.CP_ALLOW_HOST ? [env.CP_ALLOW_HOST] : [])), ...(publicUrl ? [new URL(publicUrl).hostname] : [])];
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
    publicUrl,
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

  const collector = await startCollector(options).catch((error: unknown) => {
    throw error instanceof CollectorStartError ? new Error(`${error.message}; ${FLAG_ADVICE[error.option]}`, { cause: error }) : error;
  });
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

/** What to change on the command line when the collector cannot start. */
const FLAG_ADVICE: Record<CollectorStartError['option'], string> = {
  port: 'choose another with --port N (0 picks a free one) or stop the other program',
  host: 'choose another with --host (127.0.0.1, 0.0.0.0 for every interface)',
  db: 'choose another path with --db, or create the directory',
};

function parseInteger(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
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
    throw new UsageError(`--trust-proxy: ${(error as Error).message.replace(/^trust proxy: /, '')}`);
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
