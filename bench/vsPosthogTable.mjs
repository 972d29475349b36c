// The table of `npm run bench:vs-posthog`, from the visits' figures: each tool's cost above the floor (the same page
// without any tool, measured in the same rounds), the ratio of ours to PostHog's, and ours to PostHog's survey part.
import { readFileSync, writeFileSync } from 'node:fs';

/** The markers in BENCHMARKS.md between which `--write` puts the table. */
export const MARKERS = { start: '<!-- vs-posthog:start -->', end: '<!-- vs-posthog:end -->' };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Thousands separated by commas, no decimals: the house style of BENCHMARKS.md. */
const int = (n) => Math.round(n).toLocaleString('en-US');

/**
 * Per-round differences from the baseline visit of the same round (rounds interleave the variants, so a noisy
 * moment on the shared machine weighs on both sides of a difference), as median and max.
 */
function added(rounds, variant, pick) {
  const diffs = rounds.map((round) => pick(round[variant]) - pick(round.baseline));
  return { median: median(diffs), max: Math.max(...diffs) };
}

/** Median and max of a figure over one variant's visits. */
function spread(rounds, variant, pick) {
  const values = rounds.map((round) => pick(round[variant]));
  return { median: median(values), max: Math.max(...values) };
}

/** A ratio with two significant digits (0.011, 0.14, 1.2). */
const ratio = (ours, theirs) => (theirs > 0 && ours >= 0 ? Number((ours / theirs).toPrecision(2)).toString() : '—');

/**
 * Builds the rows. `throttled` and `unthrottled` are lists of rounds, each `{ baseline, widget, posthog, posthogNoSurveys }`
 * of visit results (bench/visitMetrics.mjs).
 */
export function buildRows({ throttled, unthrottled, throttle }) {
  const kb = (bytes) => `${int(bytes / 1024)} KB`;
  const ms = (n) => `${int(n)} ms`;
  /** A cost added to the page: each tool's value above the baseline, ours against PostHog's and its survey part. */
  const cost = (label, rounds, pick, unit, withMax) => {
    const floor = spread(rounds, 'baseline', pick);
    const [ours, theirs, core] = ['widget', 'posthog', 'posthogNoSurveys'].map((v) => added(rounds, v, pick));
    const signed = (n) => `${n < 0 ? '−' : '+'}${unit(Math.abs(n))}`;
    const cell = (x) => `${signed(x.median)}${withMax ? ` (max ${signed(x.max)})` : ''}`;
    return [label, unit(floor.median), cell(ours), cell(theirs), ratio(ours.median, theirs.median), cell(core), ratio(ours.median, theirs.median - core.median)];
  };
  /** A time a visitor waits: absolute values, with ours' distance from the floor. */
  const wait = (label, rounds, pick, floorPick, floorText) => {
    const floor = spread(rounds, 'baseline', floorPick);
    const ours = spread(rounds, 'widget', pick);
    const theirs = spread(rounds, 'posthog', pick);
    const cell = (x) => `${ms(x.median)} (max ${ms(x.max)})`;
    return [label, floorText(floor.median), `${cell(ours)}, floor + ${ms(ours.median - floor.median)}`, cell(theirs), ratio(ours.median, theirs.median), '—', '—'];
  };
  const at = `at ${throttle}× CPU`;
  return [
    cost('JavaScript bytes once the survey shows (brotli)', throttled, (v) => v.jsBytes, (n) => `${int(n)} B`, false),
    cost('Script time per load (unthrottled)', unthrottled, (v) => v.script, ms, true),
    cost(`Added blocking time ${at}`, throttled, (v) => v.blocking, ms, true),
    wait(`Time to the first question visible ${at}`, throttled, (v) => v.shownAt, (v) => v.fcp, (n) => `${ms(n)} (first paint)`),
    cost('Heap with the survey visible', throttled, (v) => v.heap, kb, false),
    wait(`Click on a rating ${at} (Event Timing)`, throttled, (v) => v.click, (v) => v.click, (n) => (n > 0 ? `${ms(n)} (click on the page)` : 'under 16 ms (click on the page)')),
  ];
}

/** The rows as a markdown table. */
export function markdownTable(rows) {
  const head = ['measure', 'floor: the page alone', 'this widget', 'PostHog with surveys', 'ratio', 'PostHog without surveys', 'ratio to PostHog\'s survey part'];
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * Replaces what lies between the markers in `file` with `text`. The markers count only on lines of their own (the
 * prose may name them); throws, writing nothing, unless there is exactly one of each, the start first.
 */
export function writeBetweenMarkers(file, text) {
  const doc = readFileSync(file, 'utf8');
  const lines = doc.split('\n');
  const at = (marker) => lines.flatMap((line, i) => (line.trim() === marker ? [i] : []));
  const [starts, ends] = [at(MARKERS.start), at(MARKERS.end)];
  if (starts.length !== 1 || ends.length !== 1 || ends[0] < starts[0]) throw new Error(`${file} needs one line ${MARKERS.start} and, after it, one line ${MARKERS.end}`);
  writeFileSync(file, [...lines.slice(0, starts[0] + 1), text, ...lines.slice(ends[0])].join('\n'));
}
