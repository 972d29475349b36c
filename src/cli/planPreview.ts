import type { SurveyDocument } from '../contract/documentShapes';
import { classifyPage } from '../widget/eligibility/classifyPage';

/** Where one page type of the document can be seen in the demo store. */
export interface PreviewPage {
  type: string;
  /** A demo store path the document's URL rules classify as `type`, or `/preview/<type>`. */
  path: string;
  /** True when no demo page matches the rules, so the generic page declaring `data-cp-page` is used. */
  generic: boolean;
}

/** The demo pages to open for each survey, and the page types no demo page matches. */
export interface PreviewPlan {
  surveys: { id: string; version: number; pages: PreviewPage[] }[];
  /** Page types that surveys target but no demo store page matches. */
  generic: string[];
}

/**
 * Maps each page type the surveys target to a demo store page, by classifying the store's paths with the
 * document's own URL rules (as the widget will); a type that no store page matches gets `/preview/<type>`,
 * a generic page that declares the type with `data-cp-page`.
 */
export function planPreview(doc: SurveyDocument, demoPaths: readonly string[]): PreviewPlan {
  const byType = new Map<string, PreviewPage>();
  const pageFor = (type: string): PreviewPage => {
    let page = byType.get(type);
    if (!page) {
      const path = demoPaths.find((p) => classifyPage(doc.pages, p) === type);
      page = path ? { type, path, generic: false } : { type, path: `/preview/${encodeURIComponent(type)}`, generic: true };
      byType.set(type, page);
    }
    return page;
  };
  const surveys = doc.surveys.map((s) => ({ id: s.id, version: s.version, pages: s.pages.map(pageFor) }));
  return { surveys, generic: [...byType.values()].filter((p) => p.generic).map((p) => p.type) };
}
