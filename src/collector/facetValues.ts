/**
 * Small tables both stores keep at ingest for the report. The values the report's menus offer (surveys and versions, page types, devices, outcomes, scale
 * questions), kept in a small table both stores fill at ingest. Reading them is then a lookup of a few
 * rows, where a `SELECT DISTINCT` over the events would scan millions. Each store also remembers what it
 * has written, so a batch with nothing new costs no write.
 */
import type { PulseEvent } from '../contract/eventShapes';
import { deviceOf, normalizeTime } from './eventColumns';
import type { Facets } from './store';

/** What a facet row describes. */
export type FacetKind = 'survey' | 'page_type' | 'device' | 'outcome' | 'scale_question';

/** The distinct facet rows of a batch: `[kind, value]`, a survey's value being `[id, version]` as JSON. */
export function facetRows(events: readonly PulseEvent[]): [FacetKind, string][] {
  const rows = new Map<string, [FacetKind, string]>();
  const add = (kind: FacetKind, value: string | null | undefined) => {
    if (value !== null && value !== undefined) rows.set(`${kind}\0${value}`, [kind, value]);
  };
  // A batch's events share a survey or two: each is written as JSON once.
  const surveys = new Set<string>();
  for (const event of events) {
    const survey = event.survey;
    const key = survey ? `${survey.id}\0${survey.version}` : undefined;
    if (survey && key !== undefined && !surveys.has(key)) {
      surveys.add(key);
      add('survey', JSON.stringify([survey.id, survey.version]));
    }
    add('page_type', event.page.type);
    add('device', deviceOf(event));
    if (event.type === 'outcome') add('outcome', event.outcome?.name);
    if (event.type === 'answer' && event.question?.type === 'scale') add('scale_question', event.question.id);
  }
  return [...rows.values()];
}

/**
 * Page views of a batch per UTC day, page type and device (`''` for none), for the stores' `pageview_days`
 * table: the report's coverage figure then sums a few rows per day instead of counting every page view.
 */
export function pageViewDays(events: readonly PulseEvent[]): [day: string, pageType: string, device: string, n: number][] {
  const counts = new Map<string, [string, string, string, number]>();
  for (const event of events) {
    if (event.type !== 'pageview') continue;
    const day = normalizeTime(event.ts).slice(0, 10);
    const pageType = event.page.type ?? '';
    const device = deviceOf(event) ?? '';
    const key = `${day}\0${pageType}\0${device}`;
    const row = counts.get(key);
    if (row) row[3]++;
    else counts.set(key, [day, pageType, device, 1]);
  }
  // In key order, so concurrent writers lock the same rows in the same order.
  return [...counts.values()].sort((a, b) => compare(`${a[0]}\0${a[1]}\0${a[2]}`, `${b[0]}\0${b[1]}\0${b[2]}`));
}

/** Facet rows as the report's menus want them: sorted, versions as numbers. */
export function toFacets(rows: readonly { kind: string; value: string }[]): Facets {
  const of = (kind: FacetKind) => rows.filter((r) => r.kind === kind).map((r) => r.value).sort(compare);
  const surveys = new Map<string, number[]>();
  for (const value of of('survey')) {
    const [id, version] = JSON.parse(value) as [string, number];
    // A migration may spell the same pair with other spacing: parsed, they are one.
    if (!surveys.get(id)?.includes(version)) surveys.set(id, [...(surveys.get(id) ?? []), version]);
  }
  return {
    surveys: [...surveys].sort(([a], [b]) => compare(a, b)).map(([id, versions]) => ({ id, versions: versions.sort((a, b) => a - b) })),
    pageTypes: of('page_type'),
    devices: of('device'),
    outcomes: of('outcome'),
    scaleQuestions: of('scale_question'),
  };
}

/** Code-unit order, the same in every store whatever its collation. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
