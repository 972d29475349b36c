/**
 * The lazily loaded part: everything only a survey about to show needs (Preact and the UI, document
 * validation, locale and variant resolution, turning UI callbacks into events). Page views that never
 * show a survey never load it.
 */
export { presentSurvey, checkDocumentOnce } from './survey/presentSurvey';
