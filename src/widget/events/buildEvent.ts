import type { PulseEvent } from '../../contract/eventShapes';
import { createId } from '../lib/createId';
import type { PageView } from '../pageView/beginPageView';
import { viewportClass } from '../pageView/pageContext';
import type { SessionInfo } from '../pageView/trackSession';

/** What a displayed survey adds to each of its events: the response, the survey, what fired it, the language shown. */
export type SurveyContext = Pick<PulseEvent, 'responseId' | 'survey' | 'trigger' | 'locale'>;

/** What an event says of its own: the question and answer, the outcome, how a survey was dismissed, the answer's timings. */
export type EventDetails = Partial<Pick<PulseEvent, 'question' | 'answer' | 'outcome' | 'dismiss' | 'signals'>>;

/**
 * The one place an event is made, from its parts: a new id and time, the visitor and session, the page view and its
 * page, the language (`locale`: the `locale` option, else the page's), the survey's context (survey events), the
 * event's own details, and the signals of this moment (the page view's, the session's, then the answer's own
 * timings). Under GPC the ids and signals are left out.
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
      ...view._signals.snapshot(),
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
