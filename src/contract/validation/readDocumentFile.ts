import { readFile } from 'node:fs/promises';
import type { SurveyDocument } from '../documentShapes';
import { formatIssue } from './issue';
import { findEveryProblem } from './findEveryProblem';

/** A survey document file, read and validated: the document, or the problems as `FILE:LINE:COLUMN: path: message (hint)` lines. */
export type DocumentFile = { ok: true; doc: SurveyDocument; text: string } | { ok: false; problems: string[] };

/**
 * Reads and validates a survey document file, the way `validate` and `preview` both need: an unreadable
 * file, invalid JSON and every problem of the document become lines naming the file.
 */
export async function readDocumentFile(file: string): Promise<DocumentFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { ok: false, problems: [`${file}: cannot read file${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`] };
  }
  return checkDocumentText(file, text);
}

/**
 * Validates the text of a document file (see `readDocumentFile`): every problem in one pass, each as
 * `FILE:LINE:COLUMN: path: message (hint)`.
 */
export function checkDocumentText(file: string, text: string): DocumentFile {
  const result = findEveryProblem(text);
  if (!result.ok) return { ok: false, problems: result.issues.map((issue) => `${file}:${issue.line}:${issue.column}: ${issue.path || !issue.message.startsWith('invalid JSON') ? formatIssue(issue) : issue.message}`) };
  return { ok: true, doc: result.doc, text };
}
