/**
 * The "all responses" view's fold: every answer to the confidence question goes into the usual running
 * sums (`summarizeUnits`), and each visitor's answers also add up into one vector per group, whose
 * moments over visitors give the intervals that account for repeated answers (`src/stats/clusterMoments`).
 * The units must arrive with one visitor's answers next to each other, as `everyAnswer` queries hand them.
 */
import { addCluster, emptyMoments, type ClusterMoments } from '../stats/clusterMoments';
import type { GroupSums, UnitFold } from './summarizeUnits';
import type { ConfidenceUnit } from './units';

/**
 * Where an answer stands in a visitor's vector: its level's slot for "converted", "did not", or "not known"
 * (window not over, or an answer that cannot be joined to outcomes).
 */
export const OutcomeSlot = { Yes: 0, No: 1, Unknown: 2 } as const;

/** Slots per level. */
export const SLOTS = 3;

/** One group's moments, with the visitors in it and those with at least one converting / non-converting answer. */
export interface DomainMoments {
  moments: ClusterMoments;
  clusters: number;
  positives: number;
  negatives: number;
}

/** The moments of every group of a fold, and of all answers. */
export interface ClusterDesign {
  /** The scale's levels, in vector order: slot (level i, outcome s) is i·3 + s. */
  levels: readonly number[];
  /** All answers: its `clusters`, `positives` and `negatives` count visitors, and every answer without an id as one. */
  whole: DomainMoments;
  /** Per group of the fold's summary (except `overall`, which is `whole`). */
  domains: Map<GroupSums, DomainMoments>;
}

/** The fold's side for the clusters: add each answer, then `finish`. */
export interface ClusterFold {
  add(unit: ConfidenceUnit): void;
  finish(): ClusterDesign;
}

const emptyDomain = (d: number, domain: boolean): DomainMoments => ({ moments: emptyMoments(d, domain), clusters: 0, positives: 0, negatives: 0 });

/**
 * Starts the clusters' fold over `fold`, which receives every answer too.
 *
 * ```ts
 * const responses = foldUnits(options);
 * const clusters = foldClusters(responses, scale.levels);
 * await source.confidenceUnits({ ...query, everyAnswer: true }, clusters.add);
 * const design = clusters.finish();
 * ```
 */
export function foldClusters(fold: UnitFold, levels: readonly number[]): ClusterFold {
  const d = levels.length * SLOTS;
  const indexOfLevel = new Map(levels.map((level, i) => [level, i]));
  const design: ClusterDesign = { levels, whole: emptyDomain(d, false), domains: new Map() };
  let current: string | null = null;
  /** The current visitor's vector in each group it answered in. */
  let parts = new Map<GroupSums, Map<number, number>>();

  const count = (domain: DomainMoments, vector: ReadonlyMap<number, number>) => {
    domain.clusters++;
    let yes = false;
    let no = false;
    for (const index of vector.keys()) {
      if (index % SLOTS === OutcomeSlot.Yes) yes = true;
      else if (index % SLOTS === OutcomeSlot.No) no = true;
    }
    if (yes) domain.positives++;
    if (no) domain.negatives++;
  };

  const flush = () => {
    const whole = parts.get(fold.summary.overall);
    if (whole) {
      addCluster(design.whole.moments, whole, whole);
      count(design.whole, whole);
      for (const [group, vector] of parts) {
        if (group === fold.summary.overall) continue;
        let domain = design.domains.get(group);
        if (!domain) design.domains.set(group, (domain = emptyDomain(d, true)));
        addCluster(domain.moments, vector, whole);
        count(domain, vector);
      }
    }
    parts = new Map();
  };

  return {
    add(unit) {
      // An answer without a visitor id is a visitor of its own.
      if (!unit.joinable || unit.cluster !== current) {
        flush();
        current = unit.joinable ? unit.cluster : null;
      }
      fold.addConfidence(unit);
      const outcome = fold.outcomeOf(unit);
      const slot = outcome === null ? OutcomeSlot.Unknown : outcome ? OutcomeSlot.Yes : OutcomeSlot.No;
      const index = indexOfLevel.get(fold.levelOf(unit.value))! * SLOTS + slot;
      for (const group of fold.groupsOf(unit)) {
        let vector = parts.get(group);
        if (!vector) parts.set(group, (vector = new Map()));
        vector.set(index, (vector.get(index) ?? 0) + unit.weight);
      }
    },
    finish() {
      flush();
      current = null;
      return design;
    },
  };
}
