import { Z_95 } from './wilsonInterval';

/** How well a score separates positives from negatives. */
export interface Auc {
  /** P(score of a random positive > score of a random negative), ties counting half. 0.5 is chance. */
  auc: number;
  /** 95% interval (Hanley & McNeil 1982), clipped to [0, 1]. */
  low: number;
  high: number;
  positives: number;
  negatives: number;
}

/**
 * The area under the ROC curve of `scores` predicting `labels` (the Mann–Whitney statistic), with ties
 * counted as half, optionally weighted (each pair counts wᵢ·wⱼ). Null unless there is at least one
 * positive and one negative: with one class only, nothing can be separated.
 *
 * Sorting and grouping equal scores makes it O(n log n), so a report over every answer stays fast.
 *
 * ```ts
 * rocAuc([1, 2, 2, 3], [false, false, true, true]); // auc 0.875: 3 of 4 pairs ordered, 1 tied
 * ```
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[], weights?: readonly number[]): Auc | null {
  const items: { s: number; y: boolean; w: number }[] = [];
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    const w = weights ? weights[i]! : 1;
    if (!Number.isFinite(s) || !(w > 0) || !Number.isFinite(w)) continue;
    items.push({ s, y: labels[i]!, w });
    if (labels[i]) positives++;
    else negatives++;
  }
  if (positives === 0 || negatives === 0) return null;
  items.sort((a, b) => a.s - b.s);

  // Walk groups of equal scores upwards: each positive beats every negative below its group and ties
  // with the negatives inside it.
  let negBelow = 0;
  let wins = 0;
  let totalPos = 0;
  for (let i = 0; i < items.length; ) {
    let j = i;
    let pos = 0;
    let neg = 0;
    for (; j < items.length && items[j]!.s === items[i]!.s; j++) {
      if (items[j]!.y) pos += items[j]!.w;
      else neg += items[j]!.w;
    }
    wins += pos * (negBelow + neg / 2);
    negBelow += neg;
    totalPos += pos;
    i = j;
  }
  const auc = wins / (totalPos * negBelow);

  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / (positives * negatives);
  const half = Z_95 * Math.sqrt(Math.max(0, variance));
  return { auc, low: Math.max(0, auc - half), high: Math.min(1, auc + half), positives, negatives };
}
