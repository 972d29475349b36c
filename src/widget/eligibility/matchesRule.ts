import { globToRegExp } from './globToRegExp';

/** The URL part of a page or outcome rule. */
export interface UrlRule {
  match?: string[] | undefined;
  regex?: string[] | undefined;
}

/** True when `path` matches any glob in `match` or any expression in `regex`. Bad patterns never match. */
export function matchesRule(rule: UrlRule, path: string): boolean {
  const test = (source: string, toRegExp: (s: string) => RegExp) => {
    try {
      return toRegExp(source).test(path);
    } catch {
      return false;
    }
  };
  return (
    (Array.isArray(rule.match) && rule.match.some((glob) => test(glob, globToRegExp))) ||
    (Array.isArray(rule.regex) && rule.regex.some((re) => test(re, (s) => new RegExp(s))))
  );
}
