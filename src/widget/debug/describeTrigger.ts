import type { Trigger } from '../../contract/documentShapes';
import { firedTrigger, type TriggerState } from '../eligibility/firedTrigger';

const percent = (n: number) => `${Math.round(n * 100)}%`;
const seconds = (n: number) => `${Math.floor(n)} s`;

/**
 * The trigger's progress in words, one condition per line: `scroll 23% of 50%`, `active 4 s of 20 s`,
 * `event "compare" 1 of 2`, each marked ✓ once it holds. `any`/`all` indent their conditions.
 */
export function describeTrigger(trigger: Trigger | undefined, state: TriggerState, indent = ''): string[] {
  if (!trigger || typeof trigger !== 'object') return [`${indent}no trigger: it shows only through show()`];
  const group = trigger.any ?? trigger.all;
  if (Array.isArray(group)) {
    const head = `${indent}${trigger.any ? 'any of' : 'all of'}:${firedTrigger(trigger, state) ? ' ✓' : ''}`;
    return [head, ...group.flatMap((child) => describeTrigger(child, state, `${indent}  `))];
  }
  const done = firedTrigger(trigger, state) ? ' ✓' : '';
  const { activeSeconds, scrollDepth, exitIntent, idleSeconds, event, count, visible, pageIndex } = trigger;
  let text = 'an unknown condition';
  if (typeof activeSeconds === 'number') text = `active ${seconds(state.activeSeconds)} of ${seconds(activeSeconds)}`;
  else if (typeof scrollDepth === 'number') text = `scroll ${percent(state.scrollDepth)} of ${percent(scrollDepth)}`;
  else if (exitIntent === true) text = `exit intent ${state.exitIntent ? 'seen' : 'not seen yet'}`;
  else if (typeof idleSeconds === 'number') text = `idle ${seconds(state.idleSeconds)} of ${seconds(idleSeconds)}`;
  else if (typeof event === 'string') text = `event "${event}" ${state.counts[event] ?? 0} of ${typeof count === 'number' ? count : 1}`;
  else if (typeof visible === 'string') text = `element ${visible} ${state.isVisible(visible) ? 'in view' : 'not in view'}`;
  else if (typeof pageIndex === 'number') text = `page ${state.pageIndex} of the session, from page ${pageIndex}`;
  return [`${indent}${text}${done}`];
}
