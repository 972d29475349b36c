/**
 * The lazily loaded part: everything only a survey about to show needs (Preact and the UI, locale and variant
 * resolution, turning UI callbacks into events). Page views that never show a survey never load it.
 */
export { presentSurvey } from './survey/presentSurvey';
