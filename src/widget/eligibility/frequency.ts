/** What the widget remembers about surveys shown to this visitor, persisted across pages and visits. */
export interface CapsState {
  /** Per survey id: when it was last shown and last dismissed (ms since epoch). */
  surveys: Record<string, { shown?: number; dismissed?: number }>;
  /** When any survey was last shown. */
  lastShown?: number;
  /** The session the count belongs to. */
  sessionId?: string;
  sessionCount?: number;
}

/** The survey-level and document-level rules that `canShow` applies. */
export interface FrequencyRules {
  maxPerSession?: number | undefined;
  cooldownDays?: number | undefined;
  afterDismissDays?: number | undefined;
  /** Minimum minutes between any two surveys (document level). */
  minGapMinutes?: number | undefined;
}

const DAY_MS = 86_400_000;

/**
 * True when the caps allow showing `surveyId` now: once per visitor unless `cooldownDays`,
 * at most `maxPerSession` surveys per session (default 1), `afterDismissDays`, and the global gap.
 */
export function canShow(surveyId: string, rules: FrequencyRules, caps: CapsState, sessionId: string, now: number): boolean {
  const record = caps.surveys[surveyId];
  const shownThisSession = caps.sessionId === sessionId ? (caps.sessionCount ?? 0) : 0;
  if (shownThisSession >= (rules.maxPerSession ?? 1)) return false;
  if (record?.shown !== undefined && (rules.cooldownDays === undefined || now - record.shown < rules.cooldownDays * DAY_MS)) return false;
  // A missing time or rule makes a comparison with NaN, which is false: it never caps.
  if (now - record?.dismissed! < rules.afterDismissDays! * DAY_MS) return false;
  if (rules.minGapMinutes && now - caps.lastShown! < rules.minGapMinutes * 60_000) return false;
  return true;
}

/** Records a survey shown now; returns the new state (the input is not changed). */
export function recordShown(caps: CapsState, surveyId: string, sessionId: string, now: number): CapsState {
  const sessionCount = (caps.sessionId === sessionId ? (caps.sessionCount ?? 0) : 0) + 1;
  return { ...caps, surveys: { ...caps.surveys, [surveyId]: { ...caps.surveys[surveyId], shown: now } }, lastShown: now, sessionId, sessionCount };
}

/** Records a dismissal now; returns the new state. */
export function recordDismissed(caps: CapsState, surveyId: string, now: number): CapsState {
  return { ...caps, surveys: { ...caps.surveys, [surveyId]: { ...caps.surveys[surveyId], dismissed: now } } };
}
