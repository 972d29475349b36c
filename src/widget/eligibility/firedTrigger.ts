import type { Trigger } from '../../contract/documentShapes';

/** What triggers can see of the page right now. */
export interface TriggerState {
  activeSeconds: number;
  scrollDepth: number;
  exitIntent: boolean;
  idleSeconds: number;
  counts: Record<string, number>;
  pageIndex: number;
  /** True when the selector's element is at least half in view. */
  isVisible(selector: string): boolean;
}

/**
 * The name of the condition that fires `trigger` in `state` (`scrollDepth`, `activeSeconds`, …),
 * or undefined when it does not fire. `any` reports the first child that fires, `all` reports `all`.
 * Written defensively: the core runs it before the document is validated, so odd values never fire.
 */
export function firedTrigger(trigger: Trigger | undefined, state: TriggerState): string | undefined {
  if (!trigger || typeof trigger !== 'object') return undefined;
  if (Array.isArray(trigger.any)) {
    for (const child of trigger.any) {
      const name = firedTrigger(child, state);
      if (name) return name;
    }
    return undefined;
  }
  if (Array.isArray(trigger.all)) {
    return trigger.all.length && trigger.all.every((child) => firedTrigger(child, state)) ? 'all' : undefined;
  }
  const { activeSeconds, scrollDepth, exitIntent, idleSeconds, event, count, visible, pageIndex } = trigger;
  if (typeof activeSeconds === 'number') return state.activeSeconds >= activeSeconds ? 'activeSeconds' : undefined;
  if (typeof scrollDepth === 'number') return state.scrollDepth >= scrollDepth ? 'scrollDepth' : undefined;
  if (exitIntent === true) return state.exitIntent ? 'exitIntent' : undefined;
  if (typeof idleSeconds === 'number') return state.idleSeconds >= idleSeconds ? 'idleSeconds' : undefined;
  if (typeof event === 'string') return (state.counts[event] ?? 0) >= (typeof count === 'number' ? count : 1) ? 'event' : undefined;
  if (typeof visible === 'string') return state.isVisible(visible) ? 'visible' : undefined;
  if (typeof pageIndex === 'number') return state.pageIndex >= pageIndex ? 'pageIndex' : undefined;
  return undefined;
}
