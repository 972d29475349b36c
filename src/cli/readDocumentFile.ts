import { readFile } from 'node:fs/promises';
import type { SurveyDocument } from '../config/schema';
import { formatIssue } from '../config/issue';
import { validateConfig } from '../config/validateConfig';

/** A survey document file, read and validated: the document, or the problems as `FILE: path: message (hint)` lines. */
export type DocumentFile = { ok: true; doc: SurveyDocument; text: string } | { ok: false; problems: string[] };

/**
 * Reads and validates a survey document file, the way `validate` and `preview` both need: an unreadable
 * file, invalid JSON and every problem `validateConfig` finds become lines naming the file.
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

/** Validates the text of a document file (see `readDocumentFile`). */
export function checkDocumentText(file: string, text: string): DocumentFile {
  let doc: unknown;
  try {
    // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problems: [`${file}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const result = validateConfig(doc);
  if (!result.success) return { ok: false, problems: result.issues.map((issue) => `${file}: ${formatIssue(issue)}`) };
  return { ok: true, doc: result.data, text };
}
