import { createId } from '../lib/createId';
import type { LocalState } from '../lib/createLocalState';
import { trackPageView, type SessionInfo } from './trackSession';

/**
 * Page view: the visitor and session of this page view. When `stored` (consent given, no GPC) the page view is counted
 * in the session kept on the device; otherwise the ids are random, live in memory for this page view only, and
 * identify nobody.
 */
export const openSession = (local: LocalState, pageType: string | undefined, stored: boolean): SessionInfo =>
  stored ? trackPageView(local, pageType) : ({ visitorId: createId(), sessionId: '', pageIndex: 1 } as SessionInfo);
