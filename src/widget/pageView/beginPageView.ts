import type { PulseEvent } from '../../contract/eventShapes';
import { classifyPage, declaredPageType } from '../eligibility/classifyPage';
import type { UrlRule } from '../eligibility/matchesRule';
import { createId } from '../lib/createId';
import { keptQuery } from '../privacy/keptQuery';
import { createPageSignals, type PageSignals } from './createPageSignals';

/** One page view: where it is, its id, its live signals, how it was reached. `_` names: internal, shortened by terser. */
export interface PageView {
  _page: PulseEvent['page'];
  /** The `pageViewId` of its events. */
  _id: string;
  _signals: PageSignals;
  /** `navigate`, `reload` or `back_forward`. */
  _navigation: string;
  /** Its `pageview` is queued (or not wanted): one per page view, however often it is hidden. */
  _recorded?: boolean;
}

/**
 * Starts a page view: classifies the page (`type` overrides the document's `pages` rules and `data-cp-page`), keeps
 * the allowed query parameters, and starts its signals. `start`: when it began on the `performance.now()` clock (0
 * for the document's first page view).
 */
export function beginPageView(
  win: Window,
  pages: Record<string, UrlRule> | undefined,
  queryParams: string[] | undefined,
  navigation: string,
  type?: string,
  start?: number,
): PageView {
  const path = win.location.pathname;
  const pageType = type ?? classifyPage(pages, path, declaredPageType(win.document));
  const query = keptQuery(win.location.search, queryParams);
  const page: PulseEvent['page'] = { path };
  if (pageType) page.type = pageType;
  if (query) page.query = query;
  return { _page: page, _id: createId(), _signals: createPageSignals(win, undefined, start), _navigation: navigation };
}
