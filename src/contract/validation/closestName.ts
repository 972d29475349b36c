import { distance } from 'fastest-levenshtein';

/**
 * The candidate a misspelt name most likely meant, for "did you mean …?" (Node only: the CLI and the collector).
 * Case-insensitive edit distance, accepted up to a third of the longer name (at least 2, so a swap of two
 * letters counts), so `txet` finds `text` and `allowOrigin` finds `allowOrigins`, while `foo` finds nothing among
 * unrelated names.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance && d <= Math.max(2, Math.floor(Math.max(name.length, candidate.length) / 3)) && d < Math.max(name.length, candidate.length)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
