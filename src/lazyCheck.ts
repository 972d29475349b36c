/**
 * The validator chunk, loaded beside the UI chunk before a survey from a document nobody has checked yet is shown.
 * A document the collector publishes (`serve --surveys`) was validated there, so those page views never load it.
 */
export { checkDocumentOnce } from './config/checkDocumentOnce';
