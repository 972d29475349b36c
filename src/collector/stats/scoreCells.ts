/** Units sharing one score (confidence level) and one outcome, with their sampling weights (1/sampleRate). */
export interface ScoreCell {
  score: number;
  positive: boolean;
  /** units */
  n: number;
  /** Σw */
  weight: number;
  /** Σw² */
  weight2: number;
}

/** One score with its weighted positives and negatives, as the statistics over cells need it. */
export interface ScoreLevel {
  score: number;
  /** Units. */
  positives: number;
  negatives: number;
  /** Σw. */
  positiveWeight: number;
  negativeWeight: number;
  /** Σw². */
  positiveWeight2: number;
  negativeWeight2: number;
}

/**
 * Units that come in clusters (several answers of one visitor): how a statistic over cells gets its
 * variance. `variance` turns the statistic's gradient with respect to each level's Σw of positives and of
 * negatives into a variance (see `clusterMoments`); `positives` and `negatives` are the clusters with at
 * least one positive, and with at least one negative unit, the sizes used where no variance can be
 * estimated from the data.
 */
export interface ClusteredCells {
  variance: (gradient: LevelGradient) => number;
  positives: number;
  negatives: number;
  /** Degrees of freedom of the interval's t multiplier (few clusters make a sandwich variance noisy). */
  df: number;
}

/** A gradient with respect to each level's weighted positives and negatives, in `scoreLevels` order. */
export interface LevelGradient {
  scores: number[];
  positive: number[];
  negative: number[];
}

/**
 * Groups per-visitor units into cells of one score and one outcome. A unit without a weight counts
 * once (weight 1); units with a score or weight that is not a finite number, or a weight that is not
 * positive, are left out. Cells come out sorted by score, negatives first.
 *
 * ```ts
 * toScoreCells([{ score: 4, positive: true }, { score: 4, positive: true, weight: 4 }]);
 * // [{ score: 4, positive: true, n: 2, weight: 5, weight2: 17 }]
 * ```
 */
export function toScoreCells(units: readonly { score: number; positive: boolean; weight?: number }[]): ScoreCell[] {
  const byKey = new Map<string, ScoreCell>();
  for (const unit of units) {
    const w = unit.weight ?? 1;
    if (!Number.isFinite(unit.score) || !(w > 0) || !Number.isFinite(w)) continue;
    const key = `${unit.score}|${unit.positive ? 1 : 0}`;
    let cell = byKey.get(key);
    if (!cell) byKey.set(key, (cell = { score: unit.score, positive: unit.positive, n: 0, weight: 0, weight2: 0 }));
    cell.n++;
    cell.weight += w;
    cell.weight2 += w * w;
  }
  return [...byKey.values()].sort((a, b) => a.score - b.score || Number(a.positive) - Number(b.positive));
}

/**
 * Merges cells into one level per distinct score, ascending, leaving out cells that hold nothing
 * usable (no units, a weight that is not positive, a score that is not finite). Cells may repeat a
 * score and outcome (for example one cell per page type): they add up.
 *
 * ```ts
 * scoreLevels([{ score: 2, positive: false, n: 3, weight: 3, weight2: 3 }]);
 * // [{ score: 2, positives: 0, negatives: 3, positiveWeight: 0, negativeWeight: 3, positiveWeight2: 0, negativeWeight2: 3 }]
 * ```
 */
export function scoreLevels(cells: readonly ScoreCell[]): ScoreLevel[] {
  const byScore = new Map<number, ScoreLevel>();
  for (const cell of cells) {
    if (!Number.isFinite(cell.score) || !(cell.n > 0) || !(cell.weight > 0) || !Number.isFinite(cell.weight) || !(cell.weight2 > 0)) continue;
    let level = byScore.get(cell.score);
    if (!level) {
      level = { score: cell.score, positives: 0, negatives: 0, positiveWeight: 0, negativeWeight: 0, positiveWeight2: 0, negativeWeight2: 0 };
      byScore.set(cell.score, level);
    }
    if (cell.positive) {
      level.positives += cell.n;
      level.positiveWeight += cell.weight;
      level.positiveWeight2 += cell.weight2;
    } else {
      level.negatives += cell.n;
      level.negativeWeight += cell.weight;
      level.negativeWeight2 += cell.weight2;
    }
  }
  return [...byScore.values()].sort((a, b) => a.score - b.score);
}
