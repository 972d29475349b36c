import type { PulseEvent } from '../../contract/eventShapes';
import { classifyPage, declaredPageType } from '../eligibility/classifyPage';
import type { UrlRule } from '../eligibility/matchesRule';
import { keptQuery } from '../privacy/keptQuery';

/**
 * Page view: where this page view is, as its events carry it: the path, the page type (`type` when the app names it,
 * else the document's `pages` rules, else the page's `data-cp-page`) and the query parameters the allowlist keeps.
 */
export function describePage(win: Window, pages: Record<string, UrlRule> | undefined, queryParams: string[] | undefined, type?: string): PulseEvent['page'] {
  const path = win.location.pathname;
  const pageType = type ?? classifyPage(pages, path, declaredPageType(win.document));
  const query = keptQuery(win.location.search, queryParams);
  const page: PulseEvent['page'] = { path };
  if (pageType) page.type = pageType;
  if (query) page.query = query;
  return page;
}
