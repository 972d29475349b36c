/**
 * Outcomes: the names of the outcomes a click reaches: the `data-cp-outcome` of the clicked element or an ancestor,
 * then each outcome whose `selector` rule matches it; one per name, even when the attribute and a rule both match.
 */
export function clickedOutcomes(rules: Record<string, unknown> | undefined, target: EventTarget | null): string[] {
  if (!(target instanceof Element)) return [];
  const named = target.closest('[data-cp-outcome]')?.getAttribute('data-cp-outcome');
  const names = named ? [named] : [];
  for (const [name, rule] of Object.entries<any>(rules ?? {})) {
    try {
      if (name !== named && typeof rule?.selector === 'string' && target.closest(rule.selector)) names.push(name);
    } catch {
      // An invalid selector in the document matches nothing.
    }
  }
  return names;
}
