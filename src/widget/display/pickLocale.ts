/** Languages written right to left. */
const RTL = ['ar', 'he', 'fa', 'ur', 'ps', 'yi'];

/**
 * Picks the best of `available` for the reader: `<html lang>` first, then `navigator.languages`,
 * matching exactly or by base language (`de-CH` → `de`); falls back to the first available.
 */
export function pickLocale(available: string[], preferred: readonly (string | null | undefined)[]): string {
  const lower = available.map((l) => l.toLowerCase());
  for (const wish of preferred) {
    if (!wish) continue;
    const w = wish.toLowerCase();
    const exact = lower.indexOf(w);
    if (exact >= 0) return available[exact]!;
    const base = lower.findIndex((l) => l.split('-')[0] === w.split('-')[0]);
    if (base >= 0) return available[base]!;
  }
  return available[0] ?? 'en';
}

/** `rtl` for right-to-left languages. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return RTL.includes(locale.toLowerCase().split('-')[0]!) ? 'rtl' : 'ltr';
}
