/**
 * `serve --surveys FILE|FOLDER`: reads the survey documents, validates each with the checks of `validate`,
 * publishes their union (see `mergeDocuments`) and re-publishes on every edit, without a restart.
 * A document that fails keeps its last valid version in service; the problem goes to the log and to the report.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { SurveyDocument } from '../contract/documentShapes';
import { validateConfig } from '../contract/validation/validateConfig';
import { formatIssue } from '../contract/validation/issue';
import { readDocumentFile } from '../contract/validation/readDocumentFile';
import { mergeDocuments } from './mergeDocuments';

/** What `GET /v1/surveys` serves: the document as JSON, its ETag, and what it was made of. */
export interface PublishedSurveys {
  json: string;
  /** A strong ETag of the JSON: the same on every collector that publishes the same documents. */
  etag: string;
  /** The files it came from, absolute. */
  files: string[];
  surveyIds: string[];
  publishedAt: Date;
}

/** The live publication of a file or folder of survey documents. */
export interface SurveyPublisher {
  /** The file or folder, absolute. */
  readonly path: string;
  /** The document in service, or undefined when no valid one was ever read. */
  current(): PublishedSurveys | undefined;
  /** Problems of the last read (empty when every file was valid): shown at the top of the report. */
  problems(): readonly string[];
  /** Reads and publishes again now (the watcher calls it after each edit). */
  reload(): Promise<void>;
  /** Stops watching. */
  close(): Promise<void>;
}

/** Options of `publishSurveys`. */
export interface PublishOptions {
  /** Receives a line on each publication. Default: nothing. */
  info?: ((line: string) => void) | undefined;
  /** Receives each problem line. Default: nothing. */
  warn?: ((line: string) => void) | undefined;
  /** Re-read on edits (default true); tests of one read turn it off. */
  watch?: boolean | undefined;
}

/** Edits come in bursts (an editor writes, renames, touches): one read after they settle. */
const SETTLE_MS = 100;

/** The `*.json` files of a folder in name order, or the file itself. */
async function documentFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const names = (await readdir(path)).filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort();
  return names.map((name) => join(path, name));
}

/**
 * Starts publishing. Rejects when the path cannot be read or holds no valid document at all, so `serve` refuses
 * to start with nothing to serve; later failures only keep the last valid document in service.
 *
 * ```ts
 * const surveys = await publishSurveys('./surveys', { warn: console.error });
 * surveys.current()?.json;
 * ```
 */
export async function publishSurveys(path: string, options: PublishOptions = {}): Promise<SurveyPublisher> {
  const root = resolve(path);
  const info = options.info ?? (() => {});
  const warn = options.warn ?? (() => {});
  /** The last valid version of each file, kept while a later edit of it is invalid. */
  const lastValid = new Map<string, SurveyDocument>();
  let published: PublishedSurveys | undefined;
  let problems: string[] = [];

  const read = async () => {
    const found: string[] = [];
    let files: string[];
    try {
      files = await documentFiles(root);
    } catch (error) {
      files = [];
      found.push(`${root}: cannot read (${(error as { code?: string }).code ?? (error as Error).message}); still serving the last valid document`);
    }
    if (!files.length && !found.length) found.push(`${root}: no *.json survey document; still serving the last valid document`);
    for (const file of [...lastValid.keys()]) if (!files.includes(file)) lastValid.delete(file);
    for (const file of files) {
      const result = await readDocumentFile(file);
      if (result.ok) lastValid.set(file, result.doc);
      else found.push(...result.problems, ...(lastValid.has(file) ? [`${file}: refused; its last valid version stays published`] : []));
    }
    const validFiles = files.filter((file) => lastValid.has(file));
    const merged = validFiles.length ? mergeDocuments(validFiles.map((file) => ({ file: basename(file), doc: lastValid.get(file)! }))) : undefined;
    if (merged && !merged.ok) found.push(...merged.problems, 'the folder was not published; the last valid document stays in service');
    // Across files, survey ids must still be unique: the union gets the same checks as each file.
    const checked = merged?.ok ? validateConfig(merged.doc) : undefined;
    if (checked && !checked.success) found.push(...checked.issues.map((issue) => `${root} (all files together): ${formatIssue(issue)}`), 'the folder was not published; the last valid document stays in service');
    if (checked?.success) {
      const json = JSON.stringify(checked.data);
      const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 22)}"`;
      if (etag !== published?.etag) {
        published = { json, etag, files: validFiles, surveyIds: checked.data.surveys.map((s) => s.id), publishedAt: new Date() };
        info(`Surveys published from ${root}: ${published.surveyIds.length} survey(s) (${published.surveyIds.join(', ') || 'none'}), ETag ${etag}`);
      }
    }
    problems = found;
    found.forEach((line) => warn(line));
  };

  await read();
  if (!published) throw new Error(`no valid survey document to publish:\n${problems.join('\n')}`);

  let watcher: FSWatcher | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reading = Promise.resolve();
  const reload = () => (reading = reading.then(read, read));
  if (options.watch !== false) {
    // chokidar follows editors' write-and-rename saves, new and removed files; on shared volumes without change
    // events, CHOKIDAR_USEPOLLING=1 makes it poll (see docs/operations.md, "Several collectors").
    watcher = watch(root, { ignoreInitial: true, depth: 0 });
    watcher.on('all', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), SETTLE_MS);
    });
    watcher.on('error', (error) => warn(`${root}: watching failed: ${(error as Error).message}`));
    await new Promise<void>((done) => watcher!.once('ready', done));
  }

  return {
    path: root,
    current: () => published,
    problems: () => problems,
    reload,
    async close() {
      clearTimeout(timer);
      await watcher?.close();
      await reading;
    },
  };
}
