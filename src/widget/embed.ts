/**
 * The script-tag entry, built to `dist/confidence-pulse.js`: the only module with effects.
 *
 * ```html
 * <script>window.ConfidencePulse=window.ConfidencePulse||function(){(ConfidencePulse.q=ConfidencePulse.q||[]).push(arguments)};</script>
 * <script async src="https://collect.example.com/confidence-pulse.js"></script>
 * ```
 * It replaces the one-line stub with the real `ConfidencePulse(command, ...args)` and runs the queued commands.
 * Without `data-endpoint` it posts to `/v1/events` of the origin it was loaded from; without `data-endpoint`,
 * `data-config` and an inline document it reads the surveys from that origin's `/v1/surveys` (the collector).
 */
import type { LoadUi } from './chunks';
import { createPulseCore, PREFIX } from './pulse';
import type { Pulse, PulseOptions } from './pulseApi';

type CommandFn = ((command: string, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; v?: string };

const VERSION = '0.1.0';

(() => {
  const win = window as unknown as { ConfidencePulse?: CommandFn };
  const existing = win.ConfidencePulse;
  // Included twice: the first copy stays in charge and the second does nothing.
  if (existing?.v) return;

  const script = (document.currentScript ?? document.querySelector('script[src*="confidence-pulse"]')) as HTMLScriptElement | null;
  const base = script?.src || location.href;
  // The chunks sit beside this file, so they load from the same origin the site's CSP already allows. The build
  // writes the chunks' content hash into their URL: a new release is a new URL, so the collector serves them immutable.
  const loadUi = ((chunk: string) => import(/* webpackIgnore: true */ new URL(`confidence-pulse.${chunk}.js?v=__CP_CHUNKS_HASH__`, base).href)) as LoadUi;

  let pulse: Pulse | undefined;
  const waiting: unknown[][] = [];

  const fromScript = (): Partial<PulseOptions> => {
    const options: Partial<PulseOptions> = {};
    const endpoint = script?.getAttribute('data-endpoint');
    const configUrl = script?.getAttribute('data-config');
    const inline = document.getElementById('confidence-pulse-config');
    // An attribute that is present but empty is a mistake to report, not a reason to post elsewhere.
    options.endpoint = endpoint ?? new URL('/v1/events', base).href;
    if (configUrl) options.configUrl = new URL(configUrl, location.href).href;
    // Only the tag alone: the script's origin is a collector, which publishes the surveys.
    else if (endpoint == null && !inline) options.configUrl = new URL('/v1/surveys', base).href;
    if (script?.hasAttribute('data-debug')) options.debug = true;
    const nonce = script?.nonce || script?.getAttribute('data-nonce');
    if (nonce) options.nonce = nonce;
    if (inline && !configUrl) {
      try {
        options.config = JSON.parse(inline.textContent ?? '');
      } catch (error) {
        console.error(`${PREFIX} #confidence-pulse-config is not valid JSON: ${(error as Error).message}`);
      }
    }
    return options;
  };

  const init = (options: Partial<PulseOptions> = {}) => {
    if (pulse) return;
    // A bad endpoint is reported by the core (console and `on('error')`) and keeps every event queued.
    pulse = createPulseCore({ ...fromScript(), ...options } as PulseOptions, loadUi);
    waiting.splice(0).forEach((args) => run(...args));
  };

  const run = (command?: unknown, ...args: unknown[]): unknown => {
    if (command === 'init') return init(args[0] as Partial<PulseOptions>);
    if (!pulse) return void waiting.push([command, ...args]);
    if (command === 'destroy') {
      pulse.destroy();
      pulse = undefined;
      return;
    }
    const method = pulse[command as keyof Pulse] as ((...a: unknown[]) => unknown) | undefined;
    if (typeof method !== 'function') return void console.error(`${PREFIX} unknown command "${String(command)}"`);
    return method(...args);
  };

  const api: CommandFn = (command, ...args) => {
    try {
      const result = run(command, ...args);
      // A rejected promise from flush/show must not become an unhandled rejection on the host page.
      if (result instanceof Promise) result.catch(() => {});
      return result;
    } catch (error) {
      console.error(PREFIX, error);
      return undefined;
    }
  };
  api.v = VERSION;
  win.ConfidencePulse = api;

  // Commands queued by the stub run first, in order; `init` among them supplies the options.
  let initOptions: Partial<PulseOptions> | undefined;
  for (const args of Array.from(existing?.q ?? [], (a) => Array.from(a))) {
    if (args[0] === 'init') initOptions = { ...initOptions, ...(args[1] as Partial<PulseOptions>) };
    else waiting.push(args);
  }
  const start = () => api('init', initOptions);
  // Loaded in <head> before <body> exists: wait, so data-cp-page on <body> is visible.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
