import * as z from 'zod/mini';
import { closestName } from '../contract/validation/closestName';
import type { StartCollectorOptions } from './startCollectorOptions';

/** One option of `startCollector`: what it accepts, in zod and in words, and the `serve` flag that sets it. */
interface OptionRule {
  schema: z.ZodMiniType;
  expected: string;
  flag: string;
}

const count = (min: number) => z.int().check(z.gte(min));
const text = z.string().check(z.minLength(1));
const rate = z.nullable(z.strictObject({ max: count(1), windowMs: count(1) }));

/**
 * Every option of `startCollector` (the `satisfies` makes the compiler fail when one is missing here),
 * with the `confidence-pulse-collector serve` flag it corresponds to: the options table of docs/operations.md
 * follows this list (tests/collector/collectorOptions.test.ts holds them together).
 */
export const COLLECTOR_OPTIONS = {
  port: { schema: z.int().check(z.gte(0), z.lte(65535)), expected: 'a whole number from 0 to 65535', flag: '--port' },
  host: { schema: text, expected: 'an interface address or name, e.g. "127.0.0.1"', flag: '--host' },
  db: { schema: text, expected: 'a SQLite file path, ":memory:" or a postgres:// URL', flag: '--db' },
  allowOrigins: { schema: z.array(z.string()), expected: 'a list of origins, e.g. ["https://shop.example"]', flag: '--allow-origin' },
  token: { schema: text, expected: 'a non-empty string', flag: '--token' },
  bodyLimit: { schema: count(1), expected: 'a whole number of bytes, at least 1', flag: '--body-limit' },
  rateLimit: { schema: rate, expected: '{ max, windowMs } or null, e.g. parseRateLimit("600/min")', flag: '--rate-limit' },
  byteLimit: { schema: rate, expected: '{ max, windowMs } or null, e.g. parseByteLimit("10MB/min")', flag: '--byte-limit' },
  primaryOutcome: { schema: text, expected: 'an outcome name, e.g. "purchase"', flag: '--outcome' },
  trustProxy: {
    schema: z.union([z.boolean(), count(0), z.string(), z.array(z.string())]),
    expected: 'true, a number of proxies, or the proxies\' addresses (a string or a list)',
    flag: '--trust-proxy',
  },
  allowHosts: { schema: z.array(z.string()), expected: 'a list of host names, e.g. ["collect.example.com"]', flag: '--allow-host' },
  requestTimeoutMs: { schema: count(0), expected: 'milliseconds, a whole number (0 for none)', flag: '--request-timeout (seconds)' },
  headersTimeoutMs: { schema: count(0), expected: 'milliseconds, a whole number', flag: '--headers-timeout (seconds)' },
  keepAliveTimeoutMs: { schema: count(1), expected: 'milliseconds, a whole number, at least 1', flag: '--keep-alive-timeout (seconds)' },
  idleTimeoutMs: { schema: count(0), expected: 'milliseconds, a whole number (0 for none)', flag: '--idle-timeout (seconds)' },
  maxConnections: { schema: count(1), expected: 'a whole number, at least 1', flag: '--max-connections' },
  maxConnectionsPerIp: { schema: count(0), expected: 'a whole number (0 for no cap)', flag: '--max-connections-per-ip' },
  log: {
    schema: z.union([
      z.literal(false),
      z.strictObject({
        format: z.optional(z.enum(['combined', 'json'])),
        write: z.optional(z.custom<(line: string) => void>((v) => typeof v === 'function')),
        error: z.optional(z.custom<(line: string) => void>((v) => typeof v === 'function')),
        requests: z.optional(z.boolean()),
      }),
    ]),
    expected: 'false or { format?: "combined" | "json", write?: (line) => void, error?: (line) => void, requests?: boolean }',
    flag: '--log-format, --quiet',
  },
  shutdownTimeoutMs: { schema: count(0), expected: 'milliseconds, a whole number', flag: '--shutdown-timeout (seconds)' },
  surveys: { schema: text, expected: 'a survey document file, or a folder of them', flag: '--surveys' },
  reportTimeoutMs: { schema: count(0), expected: 'milliseconds, a whole number (0 for none)', flag: '--report-timeout (seconds)' },
  exportTimeoutMs: { schema: count(0), expected: 'milliseconds, a whole number (0 for none)', flag: '--export-timeout (seconds)' },
  publicUrl: { schema: text, expected: 'the address sites load the collector from, e.g. "https://collect.example.com"', flag: '--public-url' },
} satisfies Record<keyof StartCollectorOptions, OptionRule>;

/**
 * Throws a `TypeError` naming every unknown or mistyped option of `startCollector`, with the name a misspelt
 * one most likely meant (`allowOrigin` → "did you mean allowOrigins?"). `undefined` is always accepted: it
 * means the default.
 */
export function checkCollectorOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`startCollector: options must be an object, got ${describe(options)}`);
  }
  const rules: Record<string, OptionRule> = COLLECTOR_OPTIONS;
  const problems: string[] = [];
  for (const [name, value] of Object.entries(options)) {
    const rule = Object.hasOwn(rules, name) ? rules[name] : undefined;
    if (!rule) {
      const meant = closestName(name, Object.keys(rules));
      problems.push(`unknown option "${name}"${meant ? ` (did you mean ${meant}?)` : ''}`);
    } else if (value !== undefined && !z.safeParse(rule.schema, value).success) {
      problems.push(`${name} must be ${rule.expected}, got ${describe(value)}`);
    }
  }
  if (problems.length) throw new TypeError(`startCollector: ${problems.join('; ')}`);
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
