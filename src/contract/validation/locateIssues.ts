import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { ConfigIssue } from './issue';

/** A problem of a document file with its place in the text: 1-based line and column. */
export interface LocatedIssue extends ConfigIssue {
  line: number;
  column: number;
}

/** The JSON text of a document, parsed with positions (jsonc-parser, strict JSON: no comments, no trailing commas). */
export interface PositionedJson {
  /** The syntax tree, undefined when the text holds no value at all. */
  tree: Node | undefined;
  /** Every syntax error, located; empty for valid JSON. */
  syntaxErrors: LocatedIssue[];
  /** Offset → line and column. */
  position(offset: number): { line: number; column: number };
}

/** Plain words for jsonc-parser's error codes. */
const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a key in double quotes (a trailing comma?)',
  ValueExpected: 'expected a value (a trailing comma?)',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'expected the end of the file',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string (a raw line break or tab?)',
};

/** Parses JSON text keeping positions, and lists every syntax error with its line and column. */
export function parseWithPositions(text: string): PositionedJson {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const position = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const syntaxErrors = errors
    .map((error) => {
      const code = printParseErrorCode(error.error);
      return { path: '', message: `invalid JSON: ${SYNTAX_MESSAGES[code] ?? code}`, ...position(error.offset) };
    })
    // The parser recovers and goes on, but the errors after the first on a line are mostly its echoes.
    .filter((error, i, all) => i === 0 || all[i - 1]!.line !== error.line);
  return { tree, syntaxErrors, position };
}

/**
 * Gives each issue the line and column of what it names: the key of an unknown key, the value of a wrong
 * value, the enclosing object of a missing key. Paths are the `surveys[0].questions[1].when` form of
 * `ConfigIssue`; keys containing dots are matched against the keys actually present.
 */
export function locateIssues(parsed: PositionedJson, issues: readonly ConfigIssue[]): LocatedIssue[] {
  return issues.map((issue) => {
    const { node, complete } = nodeAt(parsed.tree, issue.path);
    // An unknown key is shown at the key itself; anything else at its value.
    const target = complete && issue.message.startsWith('unknown key') && node?.parent?.type === 'property' ? node.parent.children![0]! : node;
    return { ...issue, ...parsed.position(target?.offset ?? 0) };
  });
}

/** The deepest node along an issue's path, and whether the whole path was found. */
function nodeAt(tree: Node | undefined, path: string): { node: Node | undefined; complete: boolean } {
  let node = tree;
  let rest = path;
  while (node && rest) {
    const index = /^\[(\d+)\]\.?/.exec(rest);
    let next: Node | undefined;
    if (index && node.type === 'array') {
      next = findNodeAtLocation(node, [Number(index[1])]);
      if (next) rest = rest.slice(index[0].length);
    } else if (node.type === 'object') {
      // The longest key that the rest of the path starts with, so "labels.points.4" finds the key "4".
      let key: string | undefined;
      for (const property of node.children ?? []) {
        const name = property.children?.[0]?.value as string;
        if ((rest === name || rest.startsWith(`${name}.`) || rest.startsWith(`${name}[`)) && (key === undefined || name.length > key.length)) key = name;
      }
      if (key !== undefined) {
        next = findNodeAtLocation(node, [key]);
        rest = rest.slice(key.length).replace(/^\./, '');
      }
    }
    if (!next) return { node, complete: false };
    node = next;
  }
  return { node, complete: rest === '' };
}
