import { matchesRule, type UrlRule } from '../eligibility/matchesRule';

/** Outcomes: the names of the outcomes whose URL rule matches `path`; they fire on the page view that reaches it (a thank-you page). */
export const urlOutcomes = (rules: Record<string, UrlRule> | undefined, path: string): string[] =>
  Object.entries<any>(rules ?? {})
    .filter(([, rule]) => rule && matchesRule(rule, path))
    .map(([name]) => name);
