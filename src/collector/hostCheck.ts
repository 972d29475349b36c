/**
 * Which `Host` names the collector answers to: a defence against DNS rebinding. A web page on
 * `evil.example` can re-point its own name at 127.0.0.1 (or a private address) once loaded; the browser then
 * treats the collector as that page's own origin and lets it read the report and the export. Such a request
 * still says `Host: evil.example`, so refusing names the collector was not given stops it.
 */
import { isIP } from 'node:net';

/**
 * Answers whether a request's `Host` header names this collector. Always accepted: IP addresses (a browser
 * reaching one by its address is not being rebound), `localhost` and `*.localhost` (browsers resolve them to
 * loopback themselves), and a missing header (no browser sends one). Other names only when listed in
 * `allowHosts`: `collect.example.com`, `.example.com` for it and every subdomain, or `*` for any name.
 *
 * ```ts
 * const isAllowed = createHostCheck(['collect.example.com']);
 * isAllowed('collect.example.com:443'); // true
 * isAllowed('evil.example:8787'); // false
 * ```
 */
export function createHostCheck(allowHosts: readonly string[] = []): (host: string | undefined) => boolean {
  const names = allowHosts.map(normalizeName).filter(Boolean);
  if (names.includes('*')) return () => true;
  const exact = new Set(names.filter((name) => !name.startsWith('.')));
  const suffixes = names.filter((name) => name.startsWith('.'));
  return (host) => {
    if (host === undefined || host === '') return true;
    const name = hostName(host);
    if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
    return exact.has(name) || suffixes.some((suffix) => name.endsWith(suffix) || name === suffix.slice(1));
  };
}

/** `Collect.Example.com.` → `collect.example.com`; `*.example.com` → `.example.com`. */
function normalizeName(name: string): string {
  const lower = name.trim().toLowerCase().replace(/\.$/, '');
  return lower.startsWith('*.') ? lower.slice(1) : lower;
}

/** The name or address of a `Host` header, without its port or the brackets of an IPv6 address. */
export function hostName(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    return lower.slice(1, end < 0 ? undefined : end);
  }
  return lower.replace(/:\d*$/, '').replace(/\.$/, '');
}
