import type { PulseEvent } from '../../contract/eventShapes';
import { createId } from '../lib/createId';
import { viewportClass } from '../pageView/pageContext';
import type { PageView } from '../pageView/pageView';
import type { SessionInfo } from '../pageView/trackSession';
import type { EventDetails, SurveyContext } from './eventParts';

/**
 * Events: the one place an event is made, from its parts: a new id and time, the visitor and session, the page view
 * and its page, the language (the `locale` option, else the page's), the survey's context (survey events:
 * `presentSurvey` hands it over with the answer), the event's own details, and the signals of this moment (the page
 * view's, the session's, then the answer's own timings). Under GPC the ids and signals are left out.
 */
export function buildEvent(
  type: PulseEvent['type'],
  details: EventDetails,
  survey: SurveyContext | undefined,
  view: PageView,
  session: SessionInfo,
  locale: string | undefined,
  gpc: boolean,
  win: Window,
): PulseEvent {
  const event: PulseEvent = {
    id: createId(),
    type,
    ts: new Date().toISOString(),
    visitorId: session.visitorId,
    sessionId: session.sessionId,
    pageViewId: view._id,
    page: { ...view._page },
    locale: locale ?? (win.document.documentElement.lang || win.navigator.language),
    ...survey,
    ...details,
    signals: {
      ...view._signals._snapshot(),
      pageIndex: session.pageIndex,
      journey: session.journey,
      navigationType: view._navigation,
      viewport: viewportClass(win.innerWidth),
      locale: win.navigator.language,
      ...details.signals,
    },
  };
  if (gpc) {
    // Under GPC even the survey's own timings stay on the page.
    delete event.visitorId;
    delete event.sessionId;
    delete event.signals;
  }
  return event;
}
