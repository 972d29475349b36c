import { globToRegExp } from '../targeting/globToRegExp';

/**
 * The query parameters of `search` whose names match a glob of the `queryParams` allowlist (`utm_*`, `gclid`);
 * every other one is stripped. Undefined without an allowlist.
 */
export function keptQuery(search: string, allow: readonly string[] | undefined): Record<string, string> | undefined {
  return allow
    ? Object.fromEntries(
        [...new URLSearchParams(search)]
          .filter(([name]) => allow.some((glob) => globToRegExp(glob).test(name))),
      )
    : undefined;
}
