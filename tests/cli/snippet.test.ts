/**
 * The tag is printed for you: `serve --surveys … --public-url …` publishes the surveys and prints the tag to paste
 * (and answers to the public URL's host name); `snippet` prints it without a collector; the report shows it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/collector/cli/main';
import { testIo } from './testIo';

const dir = mkdtempSync(join(tmpdir(), 'cp-cli-snippet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TAG = [
  '<script>window.ConfidencePulse=window.ConfidencePulse||function(){(ConfidencePulse.q=ConfidencePulse.q||[]).push(arguments)};</script>',
  '<script async src="https://collect.example.com/confidence-pulse.js"></script>',
];

describe('confidence-pulse-collector snippet', () => {
  it('prints the tag and the Tag Manager variant for the public URL', async () => {
    const { io, out } = testIo();
    expect(await main(['snippet', '--public-url', 'https://collect.example.com/'], io)).toBe(0);
    expect(out.slice(0, 3)).toEqual(['Paste on every page of the site, in <head>:', ...TAG]);
    expect(out[3]).toBe('Or, with Google Tag Manager, as a Custom HTML tag fired on All Pages:');
    expect(out.slice(4).join('\n')).toContain(`s.src="https://collect.example.com/confidence-pulse.js";document.head.appendChild(s);`);
  });

  it('asks for the public URL, and refuses one that is not an http(s) URL: usage errors, exit status 2', async () => {
    const none = testIo();
    expect(await main(['snippet'], none.io)).toBe(2);
    expect(none.err.join('\n')).toMatch(/give --public-url/);
    const bad = testIo();
    expect(await main(['snippet', '--public-url', 'collect.example.com'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/public URL must be an absolute http\(s\) URL such as https:\/\/collect\.example\.com, got "collect\.example\.com"/);
  });
});

describe('confidence-pulse-collector serve --surveys --public-url', () => {
  it('publishes the folder, prints the tag to paste, answers to the public host name, and shows the tag in the report', async () => {
    const surveys = join(dir, 'surveys');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(surveys);
    writeFileSync(
      join(surveys, 'one.json'),
      JSON.stringify({ version: 1, pages: { c: { match: ['/c/**'] } }, surveys: [{ id: 'one', version: 1, pages: ['c'], sample: 1, trigger: { scrollDepth: 0.5 }, questions: [{ id: 'q', type: 'scale', min: 1, max: 5, text: 'Sure?' }] }] }),
    );
    const { io, out, waitFor, stop } = testIo({ CP_PUBLIC_URL: 'https://collect.example.com' });
    const exit = main(['serve', '--port', '0', '--db', join(dir, 'pulse.sqlite'), '--quiet', '--surveys', surveys], io);
    const [, url] = await waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)$/);
    await waitFor(/^<script async src=/);
    expect(out.some((line) => line.startsWith(`Surveys published from ${surveys}: 1 survey(s) (one)`))).toBe(true);
    expect(out).toContain(`Surveys: GET ${url}/v1/surveys, from ${surveys} (re-read on every edit)`);
    expect(out).toEqual(expect.arrayContaining(TAG));
    expect(out).toContain('Host names: IP addresses, localhost, collect.example.com');
    const viaPublicName = await fetch(`${url}/confidence-pulse.js`, { headers: { host: 'collect.example.com' } });
    expect(viaPublicName.status).toBe(200);
    const report = await (await fetch(`${url}/`)).text();
    expect(report).toContain('&#60;script async src=&#34;https://collect.example.com/confidence-pulse.js&#34;&#62;&#60;/script&#62;');
    stop('SIGTERM');
    expect(await exit).toBe(0);
  });
});
