/**
 * Global setup of the browser tests: finds Debian's Chromium, installs it when missing and running as root,
 * otherwise fails with a clear message. It never skips: a browser test that did not run is a failure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default function setup(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() === 0) {
    console.log(`Chromium not found at ${CHROMIUM}: installing Debian's package (apt-get install -y chromium)…`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (existsSync(CHROMIUM)) return;
  }
  throw new Error(
    `Chromium is required for the browser tests and was not found at ${CHROMIUM}. ` +
      `Install it with "apt-get install -y chromium" (as root), or set CHROMIUM_PATH to a Chromium binary.`,
  );
}
