/**
 * The response header with which the collector says the survey document it serves passed `validate`'s checks
 * (`serve --surveys`), so the widget skips its own validation and never loads the validator chunk.
 */
export const VALIDATED_HEADER = 'confidence-pulse-validated';
