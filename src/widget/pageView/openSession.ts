import type { LocalState } from '../lib/createLocalState';
import { createId } from '../lib/createId';
import { trackPageView, type SessionInfo } from './trackSession';

/**
 * The session of this page view: counted in the stored session when `stored` (consent given, no GPC). Otherwise
 * the ids live in memory for this page view only, so nothing identifies the visitor.
 */
export const openSession = (local: LocalState, pageType: string | undefined, stored: boolean): SessionInfo =>
  stored ? trackPageView(local, pageType) : ({ visitorId: createId(), sessionId: '', pageIndex: 1 } as SessionInfo);
