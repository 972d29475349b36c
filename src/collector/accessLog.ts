/**
 * One line per request in a standard format: the NCSA/Apache "combined" format every log tool
 * reads, or one JSON object per line for log pipelines.
 */

/** `combined`: `127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "POST /v1/events HTTP/1.1" 200 123 "-" "curl/8.5"`; `json`: the same fields plus `ms`. */
export type AccessLogFormat = 'combined' | 'json';

/** The request facts one line holds. */
export interface AccessLogEntry {
  /** Client address (the proxy's `X-Forwarded-For` when trusted). */
  ip: string;
  time: Date;
  method: string;
  /** Path and query as requested. */
  url: string;
  httpVersion: string;
  status: number;
  /** Response body bytes, when known (streamed responses have none). */
  bytes: number | undefined;
  referer: string | undefined;
  userAgent: string | undefined;
  /** Time to the last byte, in milliseconds. */
  ms: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `[22/Nov/2026:10:00:00 +0000]`, always in UTC so lines from many collectors sort together. */
function clfTime(time: Date): string {
  return `${pad(time.getUTCDate())}/${MONTHS[time.getUTCMonth()]}/${time.getUTCFullYear()}:${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())} +0000`;
}

/** Quotes a field the way nginx does: `"` `\` and control characters become `\xHH`, so a client cannot forge a line. */
function quoted(text: string | undefined): string {
  if (text === undefined || text === '') return '"-"';
  return `"${text.replace(/[\u0000-\u001f"\\\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

/**
 * Formats one request as a log line (without the newline).
 *
 * ```ts
 * formatAccessLog('combined', entry); // 127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "POST /v1/events HTTP/1.1" 200 123 "-" "curl/8.5"
 * ```
 */
export function formatAccessLog(format: AccessLogFormat, entry: AccessLogEntry): string {
  if (format === 'json') {
    return JSON.stringify({
      time: entry.time.toISOString(),
      ip: entry.ip,
      method: entry.method,
      url: entry.url,
      status: entry.status,
      bytes: entry.bytes ?? null,
      ms: Math.round(entry.ms * 10) / 10,
      referer: entry.referer ?? null,
      userAgent: entry.userAgent ?? null,
    });
  }
  const request = quoted(`${entry.method} ${entry.url} HTTP/${entry.httpVersion}`);
  return `${entry.ip} - - [${clfTime(entry.time)}] ${request} ${entry.status} ${entry.bytes ?? '-'} ${quoted(entry.referer)} ${quoted(entry.userAgent)}`;
}
