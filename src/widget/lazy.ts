/**
 * The lazily loaded part: everything only a survey about to show needs (Preact and the UI, locale and variant
 * resolution, turning UI callbacks into events), and the document validator. Page views that never show a survey
 * never load it. `lazyLean.ts` is the same without the validator, for documents the collector validated.
 */
export { presentSurvey } from './display/presentSurvey';
export { checkDocumentOnce } from '../contract/validation/checkDocumentOnce';
