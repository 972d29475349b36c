/**
 * The script-tag entry, built to `dist/confidence-pulse.js`: the only module with effects.
 *
 * ```html
 * <script>window.ConfidencePulse=window.ConfidencePulse||function(){(ConfidencePulse.q=ConfidencePulse.q||[]).push(arguments)};</script>
 * <script async src="/confidence-pulse.js" data-endpoint="/v1/events" data-config="/surveys.json"></script>
 * ```
 * It replaces the one-line stub with the real `ConfidencePulse(command, ...args)` and runs the queued commands.
 */
import { createPulseCore, type Pulse, type PulseOptions } from './pulse';

type CommandFn = ((command: string, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; v?: string };

const VERSION = '0.1.0';
const PREFIX = '[confidence-pulse]';

(() => {
  const win = window as unknown as { ConfidencePulse?: CommandFn };
  const existing = win.ConfidencePulse;
  // Included twice: the first copy stays in charge and the second does nothing.
  if (existing?.v) return;

  const script = (document.currentScript ?? document.querySelector('script[src*="confidence-pulse"]')) as HTMLScriptElement | null;
  // The UI chunk sits beside this file, so it loads from the same origin under `script-src 'self'`.
  const uiUrl = new URL('confidence-pulse.ui.js', script?.src || location.href).href;
  const loadUi = () => import(/* webpackIgnore: true */ uiUrl);

  let pulse: Pulse | undefined;
  const waiting: unknown[][] = [];

  const fromScript = (): Partial<PulseOptions> => {
    const options: Partial<PulseOptions> = {};
    const endpoint = script?.getAttribute('data-endpoint');
    const configUrl = script?.getAttribute('data-config');
    if (endpoint) options.endpoint = endpoint;
    if (configUrl) options.configUrl = new URL(configUrl, location.href).href;
    const nonce = script?.nonce || script?.getAttribute('data-nonce');
    if (nonce) options.nonce = nonce;
    const inline = document.getElementById('confidence-pulse-config');
    if (inline && !configUrl) {
      try {
        options.config = JSON.parse(inline.textContent ?? '');
      } catch (error) {
        console.error(`${PREFIX} the inline config #confidence-pulse-config is not valid JSON: ${(error as Error).message}`);
      }
    }
    return options;
  };

  const init = (options: Partial<PulseOptions> = {}) => {
    if (pulse) return;
    const merged = { ...fromScript(), ...options };
    if (typeof merged.endpoint !== 'string' || !merged.endpoint) {
      console.error(`${PREFIX} no endpoint: set data-endpoint on the script tag or pass { endpoint } to init`);
      return;
    }
    pulse = createPulseCore(merged as PulseOptions, loadUi);
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
  const start = () => {
    if (initOptions || script?.getAttribute('data-endpoint')) api('init', initOptions);
  };
  // Loaded in <head> before <body> exists: wait, so data-cp-page on <body> is visible.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
