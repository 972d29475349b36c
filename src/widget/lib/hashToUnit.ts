/**
 * Maps a string to a stable number in [0, 1) with 32-bit FNV-1a.
 * Sampling and variants hash `visitorId:surveyId`, so a visitor stays in or out of a survey for good.
 */
export function hashToUnit(input: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 4294967296;
}
