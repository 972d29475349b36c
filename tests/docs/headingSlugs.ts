/**
 * The anchors GitHub gives a document's headings, in order: lower case, every character that is not a letter,
 * mark, number, `_`, `-` or space dropped, spaces turned into hyphens, and a repeated slug suffixed `-1`, `-2`, …
 * (the rule of github-slugger, which GitHub's renderer uses).
 */
export const headingSlugs = (headings: readonly string[]): string[] => {
  const seen = new Map<string, number>();
  return headings.map((text) => {
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    let slug = base;
    while (seen.has(slug)) {
      const count = seen.get(base)! + 1;
      seen.set(base, count);
      slug = `${base}-${count}`;
    }
    seen.set(slug, 0);
    return slug;
  });
};
