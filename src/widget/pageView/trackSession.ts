import { createId } from '../lib/createId';
import type { LocalState } from '../lib/createLocalState';
import { SESSION_IDLE_MS } from '../../contract/sessionRules';

/** A visitor id is replaced after 180 days. */
export const VISITOR_TTL_MS = 180 * 86_400_000;
/** Page types kept in `journey`. */
const JOURNEY_LENGTH = 10;

/** Who and where, for one page view: random ids, never personal data. */
export interface SessionInfo {
  visitorId: string;
  sessionId: string;
  /** 1 for the session's first page. */
  pageIndex: number;
  /** The session's last page types, oldest first, ending with this page's. */
  journey: string[];
}

interface StoredSession {
  id: string;
  last: number;
  pages: number;
  journey: string[];
}

/** Counts a page view in the session, starting a new session or visitor id when due. */
export function trackPageView(state: LocalState, pageType: string | undefined, now: number = Date.now()): SessionInfo {
  let visitor = state.get<{ id: string; created: number }>('visitor');
  if (!visitor?.id || now - visitor.created > VISITOR_TTL_MS) state.set('visitor', (visitor = { id: createId(now), created: now }));
  let session = state.get<StoredSession>('session');
  if (!session?.id || now - session.last > SESSION_IDLE_MS) session = { id: createId(now), last: now, pages: 0, journey: [] };
  session = { ...session, last: now, pages: session.pages + 1, journey: [...session.journey, pageType ?? 'other'].slice(-JOURNEY_LENGTH) };
  state.set('session', session);
  return { visitorId: visitor.id, sessionId: session.id, pageIndex: session.pages, journey: session.journey };
}

/** Keeps the session alive on activity other than page views (answers, outcomes). */
export function touchSession(state: LocalState, now: number = Date.now()): void {
  const session = state.get<StoredSession>('session');
  if (session) state.set('session', { ...session, last: now });
}
