// A local stand-in for the PostHog API that posthog-js talks to, on 127.0.0.1: it serves the pinned release's
// browser bundles from /static/, a project's remote config, an empty set of feature flags and one survey (the
// benchmark's one-question rating survey on the category page), and accepts and counts the events sent to it.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The project token the benchmark's pages pass to `posthog.init`. */
export const POSTHOG_TOKEN = 'phc_confidence_pulse_bench';

/** The question of the benchmark's survey, worded as in the widget's document (bench/vsPosthogSurvey.mjs). */
export const SURVEY_QUESTION = {
  text: 'How confident are you that you can pick the right product?',
  min: 'Not at all confident',
  max: 'Completely confident',
};

/**
 * The survey as PostHog's `/api/surveys/` returns it: a popover with one 1–5 rating question, shown on the
 * category page as soon as the page qualifies, answered by a click on a point (no submit button), like the widget's.
 */
export const POSTHOG_SURVEY = {
  id: '01890000-0000-7000-8000-00000000c0f1',
  name: 'Decision confidence',
  description: '',
  type: 'popover',
  questions: [
    {
      type: 'rating',
      id: 'confidence',
      question: SURVEY_QUESTION.text,
      description: '',
      display: 'number',
      scale: 5,
      lowerBoundLabel: SURVEY_QUESTION.min,
      upperBoundLabel: SURVEY_QUESTION.max,
      skipSubmitButton: true,
    },
  ],
  conditions: { url: '/c/shoes', urlMatchType: 'icontains' },
  appearance: null,
  start_date: '2026-01-01T00:00:00Z',
  end_date: null,
  current_iteration: null,
  current_iteration_start_date: null,
  linked_flag_key: null,
  targeting_flag_key: null,
  internal_targeting_flag_key: null,
  feature_flag_keys: [],
  schedule: 'once',
  enable_partial_responses: false,
};

/**
 * The project's remote config, as PostHog serves it at /array/<token>/config(.js): surveys on, session replay,
 * heatmaps, exception and dead-click capture off, no feature flags; events gzipped in the page, as PostHog Cloud asks.
 */
const remoteConfig = (token) => ({
  token,
  supportedCompression: ['gzip', 'gzip-js'],
  hasFeatureFlags: false,
  captureDeadClicks: false,
  capturePerformance: false,
  autocapture_opt_out: false,
  autocaptureExceptions: false,
  analytics: { endpoint: '/i/v0/e/' },
  elementsChainAsString: true,
  sessionRecording: false,
  heatmaps: false,
  surveys: true,
  defaultIdentifiedOnly: true,
  siteApps: [],
});

/** Paths that take events and answer with a plain success. */
const INGEST = /^\/(e|i\/v0\/e|batch|capture|track|engage|s)\/?$/;

/**
 * The names of the events in one ingest request: posthog-js sends a JSON event, a list or `{ batch }`, gzipped
 * in the page when the config allows it (told by gzip's magic bytes). Unreadable bodies give no names.
 */
function eventNames(body) {
  try {
    const text = (body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body).toString('utf8');
    const parsed = JSON.parse(text);
    const events = Array.isArray(parsed) ? parsed : Array.isArray(parsed.batch) ? parsed.batch : [parsed];
    return events.map((e) => String(e?.event));
  } catch {
    return [];
  }
}

/**
 * Starts the mock on 127.0.0.1 (port 0 picks a free one). `dist` is posthog-js's `dist` folder (bench/posthogPackage.mjs).
 * `counts` tallies requests by path (query left out), so a caller can check what the page asked for; `events`
 * lists the names of the events received (`$pageview`, `survey shown`, `survey sent`, …).
 * @param {{ dist: string, port?: number }} options
 */
export async function startPosthogMock({ dist, port = 0 }) {
  /** @type {Record<string, number>} */
  const counts = {};
  /** @type {string[]} */
  const events = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    counts[path] = (counts[path] ?? 0) + 1;
    // posthog-js calls its API from the shop's origin, with credentials on some requests.
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'cache-control': 'no-cache',
    };
    const send = (status, type, body) => {
      res.writeHead(status, { ...cors, 'content-type': type });
      res.end(body);
    };
    const json = (body) => send(200, 'application/json', JSON.stringify(body));
    try {
      if (req.method === 'OPTIONS') return send(204, 'text/plain', '');
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      // array.js asks for its extensions at /static/<name>.js, or /static/<version>/<name>.js when it pins versions.
      const asset = /^\/static\/(?:[\w.-]+\/)?([\w.-]+\.js)$/.exec(path);
      if (asset) {
        const body = await readFile(join(dist, asset[1])).catch(() => undefined);
        return body ? send(200, 'text/javascript', body) : send(404, 'text/plain', 'Not found');
      }
      const config = /^\/array\/([\w-]+)\/config(\.js)?$/.exec(path);
      if (config) {
        const body = remoteConfig(config[1]);
        if (!config[2]) return json(body);
        // The script form, as PostHog's CDN serves it: it hands the config to array.js through a global.
        const script = `(function(){window._POSTHOG_REMOTE_CONFIG=window._POSTHOG_REMOTE_CONFIG||{};window._POSTHOG_REMOTE_CONFIG[${JSON.stringify(config[1])}]={config:${JSON.stringify(body)},siteApps:[]}})();`;
        return send(200, 'text/javascript', script);
      }
      if (/^\/api\/surveys\/?$/.test(path)) return json({ surveys: url.searchParams.get('token') === POSTHOG_TOKEN ? [POSTHOG_SURVEY] : [] });
      if (/^\/(flags|decide)\/?$/.test(path)) return json({ flags: {}, featureFlags: {}, featureFlagPayloads: {}, errorsWhileComputingFlags: false, requestId: 'bench' });
      if (INGEST.test(path)) {
        events.push(...eventNames(Buffer.concat(chunks)));
        return json({ status: 1 });
      }
      return send(404, 'text/plain', 'Not found');
    } catch (error) {
      return send(500, 'text/plain', String(error));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`,
    counts,
    events,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
