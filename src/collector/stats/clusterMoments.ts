/**
 * Variances for units that come in clusters: every answer of a visitor who answered several times.
 * Answers of one visitor are not independent, so a variance that treats them as separate units is too
 * small. The clusters (visitors) are independent; each cluster c adds up its units into a vector of
 * weighted totals x_c (say, Σw of its answers at each level, by outcome), and every figure of the report
 * is a smooth function f of the grand total t = Σ_c x_c. Its variance is the linearisation (Taylor, or
 * "ultimate cluster") estimator of survey sampling with the clusters as primary units:
 *
 *   Var f(t) ≈ G/(G − 1) · Σ_c (∇f·x_c − ∇f·t/G)²,
 *
 * over the G clusters (Wolter, *Introduction to Variance Estimation*, ch. 6; the estimator of Stata's
 * `vce(cluster)` and of R survey's `svydesign(ids = ~visitor)` with one stratum). With one unit per
 * cluster it is the ordinary linearisation (sandwich) variance the unclustered statistics use, and a
 * cluster repeating one unit k times adds no information: the variance is that of its one unit.
 *
 * Figures of a domain (one page type, one week) are functions of the domain's totals t_g = Σ_c x_gc,
 * where x_gc is the part of cluster c in the domain (zero outside it); a comparison of the domain with the
 * rest of its table, t − t_g, also needs the cross-products of x_gc with x_c, since a visitor can answer on
 * two page types. So a domain keeps Σ_c x_gc x_gcᵀ and Σ_c x_gc x_cᵀ, and the whole keeps Σ_c x_c x_cᵀ;
 * the sums over clusters are all that is kept, so memory does not grow with the visitors.
 */

/** The running sums of clusters' totals: the whole data, or one domain of it (with its cross-products with the whole). */
export interface ClusterMoments {
  /** Length of each cluster's vector. */
  readonly d: number;
  /** Σ_c x_c */
  readonly total: Float64Array;
  /** Σ_c x_c x_cᵀ, d × d, row-major. */
  readonly cross: Float64Array;
  /** For a domain: Σ_c x_gc x_cᵀ with the whole's x_c (rows: the domain's entries). Null for the whole. */
  readonly withWhole: Float64Array | null;
}

/** Empty sums for vectors of length `d`; `domain` adds the cross-products with the whole. */
export function emptyMoments(d: number, domain = false): ClusterMoments {
  return { d, total: new Float64Array(d), cross: new Float64Array(d * d), withWhole: domain ? new Float64Array(d * d) : null };
}

/** A cluster's vector, sparse: the entries it has, as index → value. Most clusters have one or two. */
export type SparseVector = ReadonlyMap<number, number>;

/**
 * Adds one cluster: `own` is its vector in these moments' domain, `whole` its vector in the whole (the
 * same map for the whole itself). Clusters without an entry in a domain need not be added to it.
 */
export function addCluster(moments: ClusterMoments, own: SparseVector, whole: SparseVector): void {
  const { d, total, cross, withWhole } = moments;
  for (const [i, a] of own) {
    total[i]! += a;
    for (const [j, b] of own) cross[i * d + j]! += a * b;
    if (withWhole) for (const [j, b] of whole) withWhole[i * d + j]! += a * b;
  }
}

/** gᵀ·M·h for a row-major d × d matrix. */
function bilinear(g: ArrayLike<number>, matrix: Float64Array, h: ArrayLike<number>, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) {
    const gi = g[i]!;
    if (gi === 0) continue;
    for (let j = 0; j < d; j++) sum += gi * matrix[i * d + j]! * h[j]!;
  }
  return sum;
}

const dot = (g: ArrayLike<number>, t: Float64Array) => {
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += g[i]! * t[i]!;
  return sum;
};

/**
 * The linearisation variance of a function of a domain's totals and the whole's: `gDomain` is its
 * gradient with respect to t_g and `gWhole` with respect to t (either null when it does not depend on
 * it), `clusters` is G, the clusters of the whole. With `correct` (the default) the G/(G − 1) factor is
 * applied; a share's Wilson interval leaves it out, as the unclustered one does.
 *
 * ```ts
 * // The mean answer of a domain: f = Σ level·t_g / Σ t_g, gradient (level − mean) / Σ t_g.
 * domainVariance(whole, G, domain, gradient, null);
 * ```
 */
export function domainVariance(
  whole: ClusterMoments,
  clusters: number,
  domain: ClusterMoments | null,
  gDomain: ArrayLike<number> | null,
  gWhole: ArrayLike<number> | null,
  correct = true,
): number {
  if (clusters < 2) return NaN;
  let centre = 0;
  if (domain && gDomain) centre += dot(gDomain, domain.total);
  if (gWhole) centre += dot(gWhole, whole.total);
  const sum = Math.max(0, domainSquares(whole, domain, gDomain, gWhole) - (centre * centre) / clusters);
  return correct ? (sum * clusters) / (clusters - 1) : sum;
}

/** Σ_c (g_D·x_gc + g_W·x_c)², uncentred: with g an indicator, the squared cluster totals Kish's size over clusters needs. */
export function domainSquares(whole: ClusterMoments, domain: ClusterMoments | null, gDomain: ArrayLike<number> | null, gWhole: ArrayLike<number> | null): number {
  const d = whole.d;
  let square = 0;
  if (domain && gDomain) {
    square += bilinear(gDomain, domain.cross, gDomain, d);
    if (gWhole) square += 2 * bilinear(gDomain, domain.withWhole!, gWhole, d);
  }
  if (gWhole) square += bilinear(gWhole, whole.cross, gWhole, d);
  return square;
}

/**
 * A ratio of two linear forms of the totals, v·t / u·t (a mean, a share), with its gradient
 * (v − R·u) / (u·t). Null when u·t is not positive.
 */
export function ratioOf(total: Float64Array, v: ArrayLike<number>, u: ArrayLike<number>): { ratio: number; denominator: number; gradient: Float64Array } | null {
  const numerator = dot(v, total);
  const denominator = dot(u, total);
  if (!(denominator > 0)) return null;
  const ratio = numerator / denominator;
  const gradient = new Float64Array(total.length);
  for (let i = 0; i < total.length; i++) gradient[i] = (v[i]! - ratio * u[i]!) / denominator;
  return { ratio, denominator, gradient };
}
