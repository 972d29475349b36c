import { hashToUnit } from '../lib/hashToUnit';

/** Sticky sampling: the same visitor is always in or always out of a survey at a given rate. */
export function isSampled(visitorId: string, surveyId: string, rate: number = 1): boolean {
  return rate >= 1 || hashToUnit(`${visitorId}:${surveyId}`) < rate;
}

/** Sticky weighted variant choice per visitor and survey; undefined when the survey has none. */
export function pickVariant<V extends { id: string; weight: number }>(visitorId: string, surveyId: string, variants: V[] | undefined): V | undefined {
  const total = variants?.reduce((sum, v) => sum + Math.max(0, v.weight), 0) ?? 0;
  if (!variants || total <= 0) return undefined;
  // A different salt from sampling, so being sampled in does not bias the variant.
  let point = hashToUnit(`${visitorId}:${surveyId}:variant`) * total;
  for (const variant of variants) {
    point -= Math.max(0, variant.weight);
    if (point < 0) return variant;
  }
  return variants[variants.length - 1];
}
