/** Viewport class from the layout width: phones, tablets, the rest. */
export function viewportClass(width: number): 'mobile' | 'tablet' | 'desktop' {
  return width < 600 ? 'mobile' : width < 1024 ? 'tablet' : 'desktop';
}

/** How this document was reached: `navigate`, `reload` or `back_forward` (bfcache restores count as back_forward). */
export function navigationType(win: Window): string {
  const entry = win.performance?.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  return entry?.type === 'prerender' ? 'navigate' : (entry?.type ?? 'navigate');
}
