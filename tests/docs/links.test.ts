/**
 * Every relative link and `#anchor` in the repository's documents resolves: the file exists inside the
 * repository, and the anchor names a heading of the target as GitHub slugs it. Moving a section between
 * README.md and docs/ then fails here instead of leaving a dead link.
 *
 * Markdown is read with `marked`'s lexer (installed with @arethetypeswrong/cli), so links inside code
 * blocks and code spans are not links, as on GitHub.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { lexer, walkTokens, type Token, type Tokens } from 'marked';
import { describe, expect, test } from 'vitest';
import { headingSlugs } from './headingSlugs';

const ROOT = process.cwd();
const DOCUMENTS = [
  'README.md',
  'CONTRIBUTING.md',
  'BENCHMARKS.md',
  'CHANGELOG.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The plain text of inline tokens, as GitHub renders a heading before slugging it. */
const plainText = (tokens: Token[] | undefined, raw: string): string =>
  tokens
    ? tokens.map((t) => ('tokens' in t && t.tokens ? plainText(t.tokens, t.raw) : 'text' in t ? t.text : '')).join('')
    : raw;

const tokensOf = (file: string): Token[] => lexer(readFileSync(join(ROOT, file), 'utf8'));

const anchorsByFile = new Map<string, Set<string>>();

/** Slugs of a document's headings, with GitHub's `-1`, `-2` suffixes for repeats (read once per file). */
const anchorsOf = (file: string): Set<string> => {
  let anchors = anchorsByFile.get(file);
  if (!anchors) {
    const texts: string[] = [];
    walkTokens(tokensOf(file), (token) => {
      if (token.type === 'heading') texts.push(plainText((token as Tokens.Heading).tokens, token.text));
    });
    anchors = new Set(headingSlugs(texts));
    anchorsByFile.set(file, anchors);
  }
  return anchors;
};

/** The link targets of a document, code excluded. */
const linksOf = (file: string): string[] => {
  const hrefs: string[] = [];
  walkTokens(tokensOf(file), (token) => {
    if (token.type === 'link' || token.type === 'image') hrefs.push((token as Tokens.Link).href);
  });
  return hrefs;
};

const isExternal = (href: string) => /^[a-z][a-z0-9+.-]*:/i.test(href);

describe('headingSlugs', () => {
  test('slugs as GitHub does: lower case, punctuation dropped, spaces to hyphens, repeats numbered', () => {
    expect(headingSlugs(['Debug mode: why nothing shows', 'Next.js (App Router)', 'React', 'React', '`--trust-proxy`'])).toEqual([
      'debug-mode-why-nothing-shows',
      'nextjs-app-router',
      'react',
      'react-1',
      '--trust-proxy',
    ]);
  });
});

test('the parser finds the links of a table, a list and a paragraph, and none in code', () => {
  const readme = linksOf('README.md');
  expect(readme).toContain('docs/surveys.md#debug-mode-why-nothing-shows'); // in a table
  expect(readme).toContain('#quick-start'); // in a list
  expect(readme).toContain('BENCHMARKS.md'); // in a paragraph
  expect(readme.filter((href) => href.includes('collect.example.com'))).toEqual([]); // only in code
});

describe.each(DOCUMENTS)('%s', (file) => {
  const links = linksOf(file).filter((href) => !isExternal(href));

  test('every relative link names a file or folder inside the repository', () => {
    const broken = links
      .map((href) => decodeURI(href.split('#')[0]!))
      .filter((path) => path !== '')
      .filter((path) => {
        const target = resolve(dirname(join(ROOT, file)), path);
        return !existsSync(target) || relative(ROOT, target).startsWith(`..${sep}`);
      });
    expect(broken).toEqual([]);
  });

  test('every #anchor names a heading of its document', () => {
    const broken = links
      .filter((href) => href.includes('#'))
      .filter((href) => {
        const [path, anchor] = href.split('#') as [string, string];
        const target = path === '' ? join(ROOT, file) : resolve(dirname(join(ROOT, file)), decodeURI(path));
        if (!target.endsWith('.md') || !existsSync(target) || statSync(target).isDirectory()) return true;
        return !anchorsOf(relative(ROOT, target)).has(decodeURIComponent(anchor));
      });
    expect(broken).toEqual([]);
  });
});
