import type { Survey } from '../../contract/documentShapes';
import type { SessionInfo } from '../pageView/trackSession';
import { isSampled } from './assignVisitor';
import { canShow, type CapsState } from './frequency';

/**
 * True when the survey targets this page type, the visitor is sampled into it, and the caps allow it now (its own
 * `frequency`, then the document's `frequency`, which wins).
 */
export const isEligible = (survey: Survey, pageType: string | undefined, session: SessionInfo, config: any, caps: CapsState): boolean =>
  !!survey &&
  Array.isArray(survey.pages) &&
  survey.pages.includes(pageType as string) &&
  isSampled(session.visitorId, survey.id, typeof survey.sample === 'number' ? survey.sample : 1) &&
  canShow(survey.id, { ...survey.frequency, ...config?.frequency }, caps, session.sessionId, Date.now());
