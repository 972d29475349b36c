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
  if (typeof trigger.activeSeconds === 'number') return state.activeSeconds >= trigger.activeSeconds ? 'activeSeconds' : undefined;
  if (typeof trigger.scrollDepth === 'number') return state.scrollDepth >= trigger.scrollDepth ? 'scrollDepth' : undefined;
  if (trigger.exitIntent === true) return state.exitIntent ? 'exitIntent' : undefined;
  if (typeof trigger.idleSeconds === 'number') return state.idleSeconds >= trigger.idleSeconds ? 'idleSeconds' : undefined;
  if (typeof trigger.event === 'string') return (state.counts[trigger.event] ?? 0) >= (typeof trigger.count === 'number' ? trigger.count : 1) ? 'event' : undefined;
  if (typeof trigger.visible === 'string') return state.isVisible(trigger.visible) ? 'visible' : undefined;
  if (typeof trigger.pageIndex === 'number') return state.pageIndex >= trigger.pageIndex ? 'pageIndex' : undefined;
  return undefined;
}
