import type { PageSignals } from '../pageView/createPageSignals';
import type { SessionInfo } from '../pageView/trackSession';
import type { TriggerState } from './firedTrigger';
import { isHalfVisible } from './isHalfVisible';

/** What triggers see of the page view now: its signals, the session's page count, and what is on screen. */
export const triggerState = (signals: PageSignals, session: SessionInfo, doc: Document): TriggerState => ({
  activeSeconds: signals.activeMs() / 1000,
  scrollDepth: signals.maxScrollDepth(),
  exitIntent: signals.exitIntent(),
  idleSeconds: signals.idleMs() / 1000,
  counts: signals.counts,
  pageIndex: session.pageIndex,
  isVisible: (selector: string) => isHalfVisible(selector, doc),
});
