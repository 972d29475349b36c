/**
 * The filters the report and the export share, read from a query string:
 * `from`, `to` (UTC days `2026-11-22`, or ISO date-times), `survey`, `version`, `page`, `device`, and `type`.
 */
import { EVENT_TYPES, type EventType } from '../contract/eventShapes';
import type { EventFilter } from './store';

/** Query parameters that narrow the events, as the report's form and the export's URL name them. */
export const FILTER_PARAMS = ['from', 'to', 'survey', 'version', 'page', 'device', 'type'] as const;

/** The filter values as given, cleaned, for re-filling the report's form. */
export type FilterParams = Partial<Record<(typeof FILTER_PARAMS)[number], string>>;

/** A parsed query: the store filter and the cleaned values, or a reason to refuse it. */
export type ParsedFilters =
  | { ok: true; filter: EventFilter; params: FilterParams; extra: Record<string, string> }
  | { ok: false; error: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;
/**
 * Filter times run from 1970 to the end of year 9999: both databases order them, where PostgreSQL refuses
 * year 0 outright and a five-digit year would not sort as text. Stored events are all inside (see timeWindow).
 */
const FIRST_MS = Date.UTC(1970, 0, 1);
const END_MS = Date.UTC(10000, 0, 1);

/**
 * An ISO instant for a day or date-time; `isTo` moves a bare day to the next midnight (an inclusive `to`).
 * `null`: a `to` at the end of time (`to=9999-12-31`), which needs no bound. Undefined: not a date, or out of range.
 */
function toInstant(text: string, isTo: boolean): string | null | undefined {
  let time: number;
  if (DAY.test(text)) {
    const start = Date.parse(`${text}T00:00:00.000Z`);
    // Date.parse accepts 2026-02-31; the round trip does not.
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== text) return undefined;
    time = start + (isTo ? DAY_MS : 0);
  } else if (DATE_TIME.test(text)) {
    time = Date.parse(text);
  } else return undefined;
  if (!(time >= FIRST_MS && (isTo ? time <= END_MS : time < END_MS))) return undefined;
  return time === END_MS ? null : new Date(time).toISOString();
}

const badDate = (key: string, text: string) => `${key}: expected a day such as 2026-11-22 or an ISO date-time, from 1970 to 9999, got "${text}"`;

/**
 * Reads the shared filters, plus the `extra` parameters a route adds (`format`, `question`, `outcome`).
 * Empty values mean "all", as an HTML form sends them. Malformed values are refused with a reason, and so
 * are unknown parameters unless `ignoreUnknown` (the report page, whose links may gain tracking
 * parameters), so a typo never silently exports everything.
 *
 * ```ts
 * parseFilters({ from: '2026-11-01', to: '2026-11-30', page: 'category' });
 * // { ok: true, filter: { since: '2026-11-01T00:00:00.000Z', until: '2026-12-01T00:00:00.000Z', pageType: 'category' }, … }
 * ```
 */
export function parseFilters(query: unknown, extra: readonly string[] = [], { ignoreUnknown = false } = {}): ParsedFilters {
  const params: FilterParams = {};
  const extras: Record<string, string> = {};
  const known = new Set<string>([...FILTER_PARAMS, ...extra]);
  for (const [key, raw] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!known.has(key)) {
      if (ignoreUnknown) continue;
      return { ok: false, error: `unknown parameter "${key}" (known: ${[...known].join(', ')})` };
    }
    if (typeof raw !== 'string') return { ok: false, error: `${key}: give it once` };
    const value = raw.trim();
    if (value === '') continue;
    if (value.length > 200) return { ok: false, error: `${key}: must have at most 200 characters` };
    if ((FILTER_PARAMS as readonly string[]).includes(key)) params[key as keyof FilterParams] = value;
    else extras[key] = value;
  }

  const filter: EventFilter = {};
  if (params.from !== undefined) {
    const since = toInstant(params.from, false);
    if (since === undefined) return { ok: false, error: badDate('from', params.from) };
    if (since !== null) filter.since = since;
  }
  if (params.to !== undefined) {
    const until = toInstant(params.to, true);
    if (until === undefined) return { ok: false, error: badDate('to', params.to) };
    if (until !== null) filter.until = until;
  }
  if (filter.since && filter.until && filter.since >= filter.until) return { ok: false, error: 'from: must be before to' };
  if (params.survey !== undefined) filter.surveyId = params.survey;
  if (params.version !== undefined) {
    if (!/^-?\d{1,15}$/.test(params.version)) return { ok: false, error: `version: expected a whole number, got "${params.version}"` };
    filter.surveyVersion = Number(params.version);
  }
  if (params.page !== undefined) filter.pageType = params.page;
  if (params.device !== undefined) filter.device = params.device;
  if (params.type !== undefined) {
    const types = params.type.split(',').map((t) => t.trim()).filter(Boolean);
    const unknown = types.find((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    if (unknown !== undefined) return { ok: false, error: `type: must be ${EVENT_TYPES.join(', ')} (comma-separated), got "${unknown}"` };
    filter.type = types as EventType[];
  }
  return { ok: true, filter, params, extra: extras };
}
