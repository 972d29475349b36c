/**
 * The lazily loaded part: everything only a survey about to show needs (Preact, the UI,
 * zod/mini validation, locale and variant resolution). Page views that never show a survey never load it.
 */
export { mountSurvey } from './ui/mount';
export { validateConfig } from './config/validateConfig';
export { formatIssue } from './config/issue';
export { resolveSurvey } from './survey/resolveSurvey';
