import type { TriggerState } from '../../eligibility/firedTrigger';
import { listen } from '../../lib/listen';

/** Ten seconds without input is idle: active time stops, an idle period is counted. */
export const IDLE_MS = 10_000;

/**
 * What the time family hands on: `account` moves the clock to now, putting the time since its last call in the hidden
 * or the active bucket, and answers the hidden total (ms); `activity` restarts the idle clock (a scroll, say); whether
 * the page is visible; what triggers read; this family's part of the snapshot.
 */
export type TimeSignals = [
  account: () => number,
  activity: () => void,
  visible: () => boolean,
  state: () => Pick<TriggerState, 'activeSeconds' | 'idleSeconds'>,
  snapshot: () => Record<string, number | string>,
];

/**
 * Time and activity: visible, active, hidden and idle time, the first interaction and the input modality. Active
 * time is visible time within `IDLE_MS` of the last input; idle time counts in neither bucket.
 *
 * @param start when the page view began on the `now` clock.
 * @param stops where the listeners' removers go, for the page view's `destroy`.
 */
export function timeSignals(win: Window, now: () => number, start: number, stops: (() => void)[]): TimeSignals {
  const doc = win.document;
  let visible = doc.visibilityState != 'hidden';
  let last = start;
  let lastInput = start;
  let active = 0;
  let hidden = 0;
  let idlePeriods = 0;
  let idleCounted = false;
  let firstInteraction: number | undefined;
  let modality = '';

  const account = () => {
    const t = now();
    if (!visible) hidden += t - last;
    else {
      active += Math.max(0, Math.min(t, lastInput + IDLE_MS) - last);
      if (t - lastInput >= IDLE_MS && !idleCounted) {
        idlePeriods++;
        idleCounted = true;
      }
    }
    last = t;
    return hidden;
  };
  const restartIdle = () => {
    lastInput = last;
    idleCounted = false;
  };
  const activity = () => {
    account();
    restartIdle();
  };
  /** A deliberate input: also the first interaction and the input modality. */
  const input = (kind: string) => {
    activity();
    firstInteraction ??= last - start;
    modality = kind;
  };

  stops.push(
    // A touch scroll starts with a touch pointerdown, so no touch listeners are needed.
    listen(win, 'pointerdown', (e: PointerEvent) => input(e.pointerType == 'mouse' ? 'mouse' : 'touch')),
    listen(win, 'pointermove', () => now() - lastInput > 100 && activity()),
    // A pointer press names the modality; keys only when nothing was pressed (keyboard-only visitors).
    listen(win, 'keydown', () => input(modality || 'keyboard')),
    // Only the first wheel matters (interaction, modality); scrolling itself is activity.
    listen(win, 'wheel', () => input(modality || 'mouse'), { passive: true, capture: true, once: true }),
    listen(doc, 'visibilitychange', () => {
      account();
      visible = doc.visibilityState != 'hidden';
      // Coming back is activity (without counting the time away as idle).
      if (visible) restartIdle();
    }),
  );

  return [
    account,
    activity,
    () => visible,
    () => (account(), { activeSeconds: active / 1000, idleSeconds: (visible ? now() - lastInput : 0) / 1000 }),
    () => {
      account();
      const out: Record<string, number | string> = {
        activeMs: Math.round(active),
        totalMs: Math.round(last - start),
        hiddenMs: Math.round(hidden),
        idlePeriods,
      };
      if (firstInteraction !== undefined) out.timeToFirstInteractionMs = Math.round(firstInteraction);
      if (modality) out.inputModality = modality;
      return out;
    },
  ];
}
