import type { Survey } from '../../contract/documentShapes';
import type { SessionInfo } from '../pageView/trackSession';
import { isSampled } from './assignVisitor';
import { canShow, type CapsState } from './frequency';

/**
 * Eligibility: true when the survey targets this page type, the visitor is sampled into it, and the caps allow it now
 * (the survey's own `frequency`, under the document's, which wins). Runs before the document is validated, so it
 * reads the survey defensively.
 */
export const isEligible = (survey: Survey, pageType: string | undefined, session: SessionInfo, documentFrequency: Survey['frequency'], caps: CapsState): boolean =>
  !!survey &&
  Array.isArray(survey.pages) &&
  survey.pages.includes(pageType as string) &&
  isSampled(session.visitorId, survey.id, typeof survey.sample === 'number' ? survey.sample : 1) &&
  canShow(survey.id, { ...survey.frequency, ...documentFrequency }, caps, session.sessionId, Date.now());
