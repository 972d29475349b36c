/** A client's request budget: `max` requests per `windowMs`, refilled continuously. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Default per-client budget: 600 requests a minute, i.e. a sustained 10/s with bursts of 600. */
export const DEFAULT_RATE_LIMIT: RateLimit = { max: 600, windowMs: 60_000 };

/**
 * Default per-client byte budget: 10 MiB of request bodies a minute. The widget sends a few KB a minute per
 * visitor, so a whole office behind one address fits; one client sending the most the request budget allows
 * (600 bodies of 256 KiB) would otherwise make the collector parse 2.5 MB a second for it alone.
 */
export const DEFAULT_BYTE_LIMIT: RateLimit = { max: 10 * 1024 * 1024, windowMs: 60_000 };

/**
 * A token bucket per client: `max` tokens, refilled at `max / windowMs`. Unlike fixed windows it
 * allows no double burst at a window edge. The returned function takes `cost` tokens (1 per request, or a
 * body's bytes) and answers 0 when the request may go on, else the whole seconds until they are back (for
 * `Retry-After`). A cost above `max` takes a full bucket, so a large request is slowed, never refused forever.
 */
export function createRateLimiter({ max, windowMs }: RateLimit, now: () => number = Date.now): (client: string, cost?: number) => number {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = max / windowMs;
  let lastSweep = now();
  return (client, cost = 1) => {
    const need = Math.min(cost, max);
    const t = now();
    // A bucket idle for a whole window is full again, the same as no bucket: forget it so memory
    // stays bounded by the clients of one window.
    if (t - lastSweep >= windowMs) {
      for (const [key, bucket] of buckets) if (t - bucket.at >= windowMs) buckets.delete(key);
      lastSweep = t;
    }
    const bucket = buckets.get(client) ?? { tokens: max, at: t };
    bucket.tokens = Math.min(max, bucket.tokens + (t - bucket.at) * refillPerMs);
    bucket.at = t;
    buckets.set(client, bucket);
    if (bucket.tokens >= need) {
      bucket.tokens -= need;
      return 0;
    }
    return Math.max(1, Math.ceil((need - bucket.tokens) / refillPerMs / 1000));
  };
}

const UNITS: Record<string, number> = { s: 1000, sec: 1000, second: 1000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000 };

/**
 * Reads a rate limit as people write it: `600/min`, `600/1m`, `20/s`, `1000/30s`, `5000/h`;
 * `off` (or `0`) answers null, no limit. Throws with the expected form otherwise.
 */
export function parseRateLimit(text: string): RateLimit | null {
  const value = text.trim().toLowerCase();
  if (value === 'off' || value === '0') return null;
  const match = /^(\d+)\s*\/\s*(\d*)\s*([a-z]+)$/.exec(value);
  const unit = match ? UNITS[match[3]!.replace(/s$/, '')] ?? UNITS[match[3]!] : undefined;
  const max = match ? Number(match[1]) : NaN;
  const count = match && match[2] ? Number(match[2]) : 1;
  if (!match || unit === undefined || !Number.isSafeInteger(max) || max < 1 || !(count >= 1)) {
    throw new Error(`rate limit must look like 600/min, 20/s or 1000/30s (or "off"), got "${text}"`);
  }
  return { max, windowMs: count * unit };
}

const BYTE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/**
 * Reads a byte budget: `10MB/min`, `512KB/s`, `1GB/h` (KB, MB, GB are powers of 1,024); `off` (or `0`) answers
 * null, no budget. Throws with the expected form otherwise.
 */
export function parseByteLimit(text: string): RateLimit | null {
  const value = text.trim().toLowerCase();
  if (value === 'off' || value === '0') return null;
  const match = /^(\d+)\s*([kmg]?b)?\s*\/\s*(.+)$/.exec(value);
  const bytes = match ? Number(match[1]) * BYTE_UNITS[match[2] ?? 'b']! : NaN;
  let windowMs: number | undefined;
  try {
    if (match) windowMs = parseRateLimit(`1/${match[3]}`)?.windowMs;
  } catch {
    // Reported below, with the form expected.
  }
  if (!match || windowMs === undefined || !Number.isSafeInteger(bytes) || bytes < 1) {
    throw new Error(`byte limit must look like 10MB/min, 512KB/s or 1GB/h (or "off"), got "${text}"`);
  }
  return { max: bytes, windowMs };
}
