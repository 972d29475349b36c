import { parseArgs } from 'node:util';
import type { CliIo } from '../../cli/cliIo';
import { printSnippet } from './snippetCommand';
import { UsageError } from '../../cli/usageError';
import {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS_PER_IP,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../connectionLimits';
import { DEFAULT_BODY_LIMIT } from '../createCollector';
import { CollectorStartError, DEFAULT_DB, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SHUTDOWN_TIMEOUT_MS, startCollector, type StartCollectorOptions } from '../index';
import { installSnippet, normalizePublicUrl } from '../installSnippet';
import { DEFAULT_BYTE_LIMIT, DEFAULT_RATE_LIMIT, parseByteLimit, parseRateLimit } from '../rateLimit';
import { DEFAULT_EXPORT_TIMEOUT_MS, DEFAULT_REPORT_TIMEOUT_MS } from '../queryTimeout';
import { parseTrustProxy } from '../trustProxy';
import { SERVE_HELP } from './collectorHelp';

/**
 * `confidence-pulse-collector serve`: starts the collector with the flags' and environment's options, prints where
 * it listens and the tag to paste, and resolves with the exit code once the process is asked to stop.
 */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
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
      'report-timeout': { type: 'string' },
      'export-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(SERVE_HELP);
    return 0;
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
    reportTimeoutMs: seconds('--report-timeout', values['report-timeout'] ?? env.CP_REPORT_TIMEOUT, DEFAULT_REPORT_TIMEOUT_MS),
    exportTimeoutMs: seconds('--export-timeout', values['export-timeout'] ?? env.CP_EXPORT_TIMEOUT, DEFAULT_EXPORT_TIMEOUT_MS),
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
