import type { SurveyDocument } from './surveyDocument';

/** A type with its literal types widened, as TypeScript types a JSON import: `1` → `number`, `"scale"` → `string`. */
export type Widened<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer Item)[]
        ? Widened<Item>[]
        : T extends object
          ? { [K in keyof T]: Widened<T[K]> }
          : T;

/**
 * A survey document imported from a JSON file (`import surveys from './surveys.json'`). TypeScript types JSON
 * values by kind, never as literals (`"version": 1` is a `number`), so such an import cannot be a
 * `SurveyDocument`; this type checks everything else: the fields and their nesting, required keys, the kinds of
 * values. Annotate the import with it (`const config: SurveyDocumentJson = surveys`); `confidence-pulse validate`
 * and the `$schema` in the file check the rest.
 */
export type SurveyDocumentJson = Widened<SurveyDocument>;

