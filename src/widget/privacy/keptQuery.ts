import { globToRegExp } from '../eligibility/globToRegExp';

/**
 * The query parameters of `search` whose names match a glob of the `queryParams` allowlist (`utm_*`, `gclid`);
 * every other one is stripped. Undefined without an allowlist. Within the collector's bounds, so a long or
 * crafted URL never gets the event rejected: names of at most 100 characters (never `__proto__`), values cut
 * to 500, the first 50 parameters.
 */
export function keptQuery(search: string, allow: readonly string[] | undefined): Record<string, string> | undefined {
  return allow
    ? Object.fromEntries(
        [...new URLSearchParams(search)]
          .filter(([name]) => name.length <= 100 && name != '__proto__' && allow.some((glob) => globToRegExp(glob).test(name)))
          .slice(0, 50)
          .map(([name, value]) => [name, value.slice(0, 500)]),
      )
    : undefined;
}
