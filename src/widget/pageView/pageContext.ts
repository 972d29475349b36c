/** Viewport class from the layout width: phones, tablets, the rest. */
export function viewportClass(width: number): 'mobile' | 'tablet' | 'desktop' {
  return width < 600 ? 'mobile' : width < 1024 ? 'tablet' : 'desktop';
}

/** How this document was reached: `navigate`, `reload` or `back_forward` (bfcache restores count as back_forward). */
export function navigationType(win: Window): string {
  const type = (win.performance?.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined)?.type;
  // A prerendered page the visitor then opened was navigated to; no entry (old browsers) counts as a navigation too.
  return type && type != 'prerender' ? type : 'navigate';
}
