/**
 * Which `X-Forwarded-For` entries to believe. Each proxy appends the address it received the request from, so
 * only the right-most entries come from proxies; everything to their left was written by the client. Trusting
 * every hop (what `trustProxy: true` means to Fastify) lets a client pick its own IP, and with it its own rate
 * limit bucket.
 */
import { isIP } from 'node:net';

/**
 * `true` or a number: trust that many proxies in front of the collector (`true` is one), and take the entry they
 * appended; a list: trust the peers with these addresses (`10.0.0.0/8`, `127.0.0.1`, or `loopback`, `linklocal`,
 * `uniquelocal`), and take the right-most entry not among them. `false` (the default): the socket's address.
 */
export type TrustProxy = boolean | number | string | readonly string[];

/** What Fastify's `trustProxy` option is given. */
export type FastifyTrustProxy = false | string[] | ((address: string, hop: number) => boolean);

const KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Turns the option into Fastify's form. A hop count becomes a function, because Fastify's own number form
 * trusts no entry at all (it cannot check the nearest peer's address).
 *
 * ```ts
 * toFastifyTrustProxy(true);            // one hop: X-Forwarded-For "forged, 203.0.113.9" gives 203.0.113.9
 * toFastifyTrustProxy('10.0.0.0/8');    // ['10.0.0.0/8']
 * ```
 */
export function toFastifyTrustProxy(value: TrustProxy | undefined): FastifyTrustProxy {
  if (value === undefined || value === false || value === 0) return false;
  if (value === true || typeof value === 'number') {
    const hops = value === true ? 1 : value;
    if (!Number.isSafeInteger(hops) || hops < 0) throw new Error(`trust proxy: a hop count must be a whole number, got ${hops}`);
    return (_address, hop) => hop < hops;
  }
  const entries = (typeof value === 'string' ? value.split(',') : [...value]).map((entry) => entry.trim()).filter(Boolean);
  const wrong = entries.find((entry) => !isProxyAddress(entry));
  if (wrong !== undefined) {
    throw new Error(`trust proxy: "${wrong}" is not an IP address, a CIDR range (10.0.0.0/8) or loopback, linklocal, uniquelocal`);
  }
  return entries.length ? entries : false;
}

/**
 * Reads the CLI and environment forms: `1`, `true`, `yes`, `on` or no value (one hop), a number of hops,
 * `0`, `false`, `no`, `off` (none), or comma-separated addresses and ranges.
 */
export function parseTrustProxy(text: string): TrustProxy {
  const value = text.trim().toLowerCase();
  if (value === '' || /^(true|yes|on)$/.test(value)) return true;
  if (/^(false|no|off)$/.test(value)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  // Throws with the entry at fault, so a typo stops the start rather than trusting nothing.
  toFastifyTrustProxy(value);
  return value;
}

function isProxyAddress(entry: string): boolean {
  if (KEYWORDS.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const version = isIP(address ?? '');
  if (version === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  // A mask written as an address (255.255.0.0) is also accepted by Fastify's proxy-addr.
  if (isIP(bits) !== 0) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}
