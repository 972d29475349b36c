import { matchesRule, type UrlRule } from './matchesRule';

/**
 * The page's type: an explicit `data-cp-page` wins over URL rules; rules are tried in document order.
 * Returns undefined for pages the document does not describe.
 */
export function classifyPage(rules: Record<string, UrlRule> | undefined, path: string, declared?: string | null): string | undefined {
  if (declared) return declared;
  for (const [type, rule] of Object.entries(rules ?? {})) {
    if (rule && matchesRule(rule, path)) return type;
  }
  return undefined;
}

/** The `data-cp-page` value declared anywhere on the page (the `<html>` or `<body>` typically). */
export function declaredPageType(doc: Document): string | null {
  return doc.querySelector('[data-cp-page]')?.getAttribute('data-cp-page') ?? null;
}
