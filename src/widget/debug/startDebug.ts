import { declaredPageType } from '../eligibility/classifyPage';
import { fetchTransport } from '../outbox/transport';
import type { DebugState, Pulse, PulseOptions } from '../pulseApi';
import { explainSurveys, stateOf } from './explainSurvey';

const PREFIX = '[confidence-pulse]';
/** How often the explanation is recomputed; it is printed only when it changed. */
const TICK_MS = 1000;
/** Trigger progress alone reprints at most this often, so a scroll does not flood the console. */
const PROGRESS_MS = 5000;

type Display = (surveyId: string, trigger: string, force?: boolean) => Promise<boolean>;

/**
 * Debug mode: prints, per survey, the page type and its rule, eligibility (consent, GPC, sample, each cap), trigger
 * progress and why it shows or not; logs every send and its result and every error; and with `?cp-show=<surveyId>`
 * shows that survey at once as a preview, whose events reach listeners and this console but are never sent.
 */
export function startDebug(pulse: Pulse, options: PulseOptions, read: () => DebugState, display: Display, win: Window = window): void {
  const state = () => stateOf(read());
  const log = (...args: unknown[]) => console.log(PREFIX, ...args);
  log(`debug on. Endpoint: ${options.endpoint}. Surveys: ${options.configUrl ?? (options.config !== undefined ? 'given inline or to init' : 'none')}${state().validated ? ' (validated by the collector)' : ''}`);

  const send = options.transport ?? fetchTransport;
  options.transport = async (endpoint, batch, sendOptions) => {
    const result = await send(endpoint, batch, sendOptions);
    const types = batch.events.map((e) => e.type).join(', ');
    log(`sent ${batch.events.length} event(s) (${types}) to ${endpoint}${sendOptions.keepalive ? ' on page hide' : ''}: ${result.status ? `HTTP ${result.status}` : 'network error'}`);
    return result;
  };
  pulse.on('error', (error) => console.warn(PREFIX, `error ${error.reason}${error.status ? ` (HTTP ${error.status})` : ''}${error.count ? `, ${error.count} event(s)` : ''}${error.message ? `: ${error.message}` : ''}`));
  for (const name of ['impression', 'answer', 'complete', 'dismiss'] as const) {
    pulse.on(name, (event) => log(`${event.trigger == 'preview' ? 'preview (not stored, not sent): ' : ''}${name} of survey "${event.survey?.id}"${event.question ? ` question "${event.question.id}"` : ''}`));
  }

  const printed: Record<string, { verdict: string; text: string; at: number }> = {};
  const explain = () => {
    const { header, surveys } = explainSurveys(state(), declaredPageType(win.document));
    const now = Date.now();
    for (const { surveyId, verdict, lines } of [{ surveyId: '', verdict: 'this page view', lines: header }, ...surveys]) {
      const text = lines.join('\n');
      const last = printed[surveyId];
      // A new verdict prints at once; changed progress under the same verdict, every few seconds.
      if (last && last.verdict === verdict && (last.text === text || now - last.at < PROGRESS_MS)) continue;
      printed[surveyId] = { verdict, text, at: now };
      console.group(PREFIX, surveyId ? `survey "${surveyId}": ${verdict}` : verdict);
      lines.forEach((line) => console.log(line));
      console.groupEnd();
    }
  };
  explain();
  const timer = setInterval(explain, TICK_MS);
  // `destroy` removes every timer: this one too.
  const destroy = pulse.destroy;
  pulse.destroy = () => {
    clearInterval(timer);
    destroy();
  };

  const preview = new URLSearchParams(win.location.search).get('cp-show');
  if (preview) {
    void display(preview, 'preview', true).then((shown) =>
      shown ? log(`preview of survey "${preview}" (?cp-show): its events are not sent`) : console.warn(PREFIX, `?cp-show=${preview}: not shown (no such survey, another survey is on screen, no consent, or the document is invalid; see above)`),
    );
  }
}
