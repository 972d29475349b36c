/**
 * The survey document's published declarations (src/contract/surveyDocument.ts, generated from the JSON Schema
 * so the fields' descriptions reach editors) are the very types zod infers from the source of truth. The
 * type assertions are checked by `npm run typecheck`; the file's currency at run time.
 */
import { readFileSync } from 'node:fs';
import type * as z from 'zod/mini';
import { describe, expect, expectTypeOf, test } from 'vitest';
import type * as Source from '../../src/contract/documentShapes';
import type * as Declared from '../../src/contract/surveyDocument';
import type { SurveyDocumentJson } from '../../src/contract/surveyDocumentJson';
import { jsonSchemas } from '../../src/contract/generate/jsonSchemas';
import demo from '../../demo/surveys.json';

describe('the declared survey document types', () => {
  test('equal the zod-inferred types, field by field', () => {
    expectTypeOf<Declared.SurveyDocument>().toEqualTypeOf<z.infer<typeof Source.documentSchema>>();
    expectTypeOf<Declared.Survey>().toEqualTypeOf<Source.Survey>();
    expectTypeOf<Declared.Question>().toEqualTypeOf<Source.Question>();
    expectTypeOf<Declared.ScaleQuestion>().toEqualTypeOf<Source.ScaleQuestion>();
    expectTypeOf<Declared.ChoiceQuestion>().toEqualTypeOf<Source.ChoiceQuestion>();
    expectTypeOf<Declared.TextQuestion>().toEqualTypeOf<Source.TextQuestion>();
    expectTypeOf<Declared.BinaryQuestion>().toEqualTypeOf<Source.BinaryQuestion>();
    expectTypeOf<Declared.Trigger>().toEqualTypeOf<Source.Trigger>();
    expectTypeOf<Declared.When>().toEqualTypeOf<Source.When>();
    expectTypeOf<Declared.LocalizedText>().toEqualTypeOf<Source.LocalizedText>();
    expectTypeOf<Declared.PageRule>().toEqualTypeOf<Source.PageRule>();
    expectTypeOf<Declared.OutcomeRule>().toEqualTypeOf<Source.OutcomeRule>();
  });

  test('a JSON import is a SurveyDocumentJson', () => {
    const config: SurveyDocumentJson = demo;
    expectTypeOf(demo).toExtend<SurveyDocumentJson>();
    expect(config.version).toBe(1);
  });

  test('are current: generated from the schema by the build', () => {
    const file = readFileSync('src/contract/surveyDocument.ts', 'utf8');
    expect(file, 'run `npm run build` to regenerate src/contract/surveyDocument.ts').toBe(jsonSchemas().types);
    // Every description of the schema is in the declarations.
    const descriptions: string[] = [];
    JSON.stringify(jsonSchemas().survey, (key, value) => {
      if (key === 'description' && typeof value === 'string') descriptions.push(value);
      return value;
    });
    for (const description of descriptions.filter((d) => d !== 'Confidence Pulse survey document')) expect(file).toContain(description);
  });
});
