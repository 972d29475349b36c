/**
 * `confidence-pulse preview FILE`: in-process on free ports against the BUILT demo store and collector
 * (run `npm run build` first), and once more from the files `npm pack` would ship, as an installed package.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { testIo } from './testIo';

const repo = process.cwd();
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-preview-test-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The multilingual example, plus a "search" page type that no demo store page matches. */
function writeDocument(): string {
  const doc = JSON.parse(readFileSync(join(repo, 'demo/surveys/multilingual.json'), 'utf8'));
  doc.pages.search = { match: ['/search'] };
  doc.surveys[0].pages.push('search');
  doc.surveys[0].sample = 0.25;
  const file = join(dir, 'surveys.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

describe('confidence-pulse preview', () => {
  it('refuses an invalid document: every problem, exit 1, nothing served', async () => {
    const file = writeDocument();
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.surveys[0].questions[1].when.question = 'confidnce';
    doc.surveys[0].sampel = 1;
    const text = JSON.stringify(doc);
    writeFileSync(file, text);
    const { io, out, err } = testIo();
    expect(await main(['preview', file, '--port', '0'], io)).toBe(1);
    expect(out).toEqual([]);
    // One line: the columns are the offsets of the value and of the misspelt key.
    expect(err).toEqual([
      `${file}:1:${text.indexOf('"confidnce"') + 1}: surveys[0].questions[1].when.question: unknown question "confidnce" (earlier questions: confidence)`,
      `${file}:1:${text.indexOf('"sampel"') + 1}: surveys[0].sampel: unknown key "sampel" (did you mean "sample"?)`,
      'Not previewing: fix these 2 problems first.',
    ]);
  });

  it('serves the demo store with the document and prints, for each survey, the pages it targets', async () => {
    const file = writeDocument();
    const { io, out, err, waitFor, stop } = testIo();
    const exit = main(['preview', file, '--port', '0'], io);
    const [, store] = await waitFor(/^Previewing .* at (http:\/\/127\.0\.0\.1:\d+)$/);
    await waitFor(/Ctrl\+C stops\.$/);
    const report = /Its report: (http:\/\/\S+)$/.exec(out[1]!)![1]!;
    const id = 'decision-confidence-intl';
    expect(out.slice(2, 12)).toEqual([
      '',
      `${id} v1 · trigger any(scrollDepth 0.5, activeSeconds 20) · sample 0.25`,
      `  category     ${store}/c/shoes`,
      `  comparison   ${store}/compare`,
      `  search       ${store}/preview/search (generic page, see below)`,
      `  show now     ${store}/c/shoes?cp-show=${id}`,
      `  in de        ${store}/c/shoes?cp-show=${id}&lang=de`,
      `  in ar        ${store}/c/shoes?cp-show=${id}&lang=ar (right to left)`,
      '  note: only 25% of visitors are sampled in; if this browser is not, use "show now"',
      '',
    ]);
    expect(out).toContain('No demo store page matches the URL rules of: search.');
    expect(out.join('\n')).toContain('data-cp-page="search"');

    // The pages load the built script tag with this document.
    const category = await (await fetch(`${store}/c/shoes`)).text();
    expect(category).toContain('<script async src="/confidence-pulse.js"');
    expect(category).toContain('data-config="/surveys.json"');
    expect(await (await fetch(`${store}/surveys.json`)).text()).toBe(readFileSync(file, 'utf8'));
    expect(await (await fetch(`${store}/c/shoes?cp-show=${id}&lang=ar`)).text()).toContain('<html lang="ar">');
    const generic = await (await fetch(`${store}/preview/search`)).text();
    expect(generic).toContain('<html lang="en" data-cp-page="search">');
    expect(generic).toContain('data-cp-slot');
    expect((await fetch(`${store}/preview/%3Cscript%3E`)).status).toBe(200);
    expect(await (await fetch(`${store}/preview/%3Cscript%3E`)).text()).not.toContain('<script>');
    expect((await fetch(report)).status).toBe(200);

    // Edits show on reload, and a broken edit is reported here.
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.surveys[0].questions[0].max = 1;
    const edited = JSON.stringify(doc);
    writeFileSync(file, edited);
    expect(JSON.parse(await (await fetch(`${store}/surveys.json`)).text()).surveys[0].questions[0].max).toBe(1);
    expect(err).toEqual([
      `${file} changed: the widget will show nothing until these are fixed:`,
      `${file}:1:${edited.indexOf('"max":1') + '"max":'.length + 1}: surveys[0].questions[0].max: must be greater than min (1)`,
    ]);
    doc.surveys[0].questions[0].max = 5;
    writeFileSync(file, JSON.stringify(doc));
    await fetch(`${store}/surveys.json`);
    expect(out.at(-1)).toBe(`${file} changed: ok`);

    stop('SIGINT');
    expect(await exit).toBe(0);
    expect(out.at(-1)).toBe('Preview stopped.');
    await expect(fetch(`${store}/c/shoes`)).rejects.toThrow();
  });

  it('names a busy port and how to choose another', async () => {
    const file = writeDocument();
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const { io, err } = testIo();
    expect(await main(['preview', file, '--port', String(port)], io)).toBe(1);
    expect(err.join('\n')).toMatch(/^confidence-pulse preview: a port is busy .*; choose others with --port and --collector-port \(0 picks a free one\)$/);
    busy.close();
  });

  it('asks for exactly one file: a usage error, exit 2', async () => {
    const { io, err } = testIo();
    expect(await main(['preview'], io)).toBe(2);
    expect(err).toEqual(['confidence-pulse preview: give one FILE, e.g. confidence-pulse preview surveys.json. Run confidence-pulse preview --help.']);
  });

  it('works from the files the package ships, run through its bin, once the collector package is installed beside it', async () => {
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json'], { cwd: repo });
    const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
    const pkg = join(dir, 'node_modules', 'confidence-pulse');
    for (const path of files) {
      mkdirSync(dirname(join(pkg, path)), { recursive: true });
      cpSync(join(repo, path), join(pkg, path));
    }
    // Its dependencies, as an install would provide them (theirs resolve from the links' real paths).
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      symlinkSync(join(repo, 'node_modules', dep), join(dir, 'node_modules', dep));
    }
    // The widget alone has no collector for the answers: preview says which package to add, exit 1.
    const alone = await promisify(execFile)(process.execPath, [join(pkg, 'bin/confidence-pulse.js'), 'preview', join(pkg, 'demo/surveys/nps.json'), '--port', '0'], { cwd: dir }).catch((error: unknown) => error as { code: number; stderr: string });
    expect(alone).toMatchObject({ code: 1, stderr: expect.stringMatching(/^confidence-pulse preview: .*npm install -D confidence-pulse-collector\n$/) });
    // The collector package (the repository's workspace, built), as `npm install -D confidence-pulse-collector` adds it.
    symlinkSync(join(repo, 'node_modules', 'confidence-pulse-collector'), join(dir, 'node_modules', 'confidence-pulse-collector'));

    const child = spawn(process.execPath, [join(pkg, 'bin/confidence-pulse.js'), 'preview', join(pkg, 'demo/surveys/nps.json'), '--port', '0'], { cwd: dir });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    const store = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /at (http:\/\/127\.0\.0\.1:\d+)\n[^]*Ctrl\+C stops\.\n/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error(output)));
    });
    expect(output).toContain(`  confirmation ${store}/checkout/thank-you`);
    expect((await fetch(`${store}/confidence-pulse.js`)).status).toBe(200);
    expect(await (await fetch(`${store}/surveys.json`)).json()).toMatchObject({ surveys: [{ id: 'nps' }] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
