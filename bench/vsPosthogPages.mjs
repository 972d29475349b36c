// The pages of `npm run bench:vs-posthog`: the demo's category page as the store serves it, with this widget, with
// nothing (the baseline), and with PostHog's snippet, with and without its surveys. Also the widget's survey
// document: the same one-question rating survey as the PostHog mock's, shown as soon as the page qualifies.
import { POSTHOG_TOKEN, SURVEY_QUESTION } from './posthogMock.mjs';

/** The widget's two script tags as the demo page carries them (demo/pages.mjs, the README's snippet). */
const WIDGET_TAGS = /<script src="\/stub\.js"><\/script>\s*<script async src="\/confidence-pulse\.js"[^>]*><\/script>/;

/** The category page exactly as served, minus the widget's two script tags. */
export function withoutWidget(html) {
  const stripped = html.replace(WIDGET_TAGS, '');
  if (stripped.includes('confidence-pulse.js')) throw new Error('could not take the widget out of the category page');
  return stripped;
}

/**
 * PostHog's web snippet as its docs give it (it loads `<api_host>/static/array.js`), then `posthog.init` with the
 * documented defaults and the mock as API host. `surveys: false` sets `disable_surveys`, PostHog's own switch.
 * `opt_out_useragent_filter`: posthog-js drops every event from a browser driven by automation (`navigator.webdriver`),
 * as Playwright's is; its docs name this option for end-to-end tests, so it sends its events as for a real visitor.
 */
export function posthogSnippet({ apiHost, surveys }) {
  const options = { api_host: apiHost, person_profiles: 'identified_only', opt_out_useragent_filter: true, ...(surveys ? {} : { disable_surveys: true }) };
  return `<script>
!function(t,e){var o,n,p,r;e.__SV||(window.posthog&&window.posthog.__loaded)||(window.posthog=e,e._i=[],e.init=function(i,s,a){function g(t,e){var o=e.split(".");2==o.length&&(t=t[o[0]],e=o[1]),t[e]=function(){t.push([e].concat(Array.prototype.slice.call(arguments,0)))}}(p=t.createElement("script")).type="text/javascript",p.crossOrigin="anonymous",p.async=!0,p.src=s.api_host.replace(".i.posthog.com","-assets.i.posthog.com")+"/static/array.js",(r=t.getElementsByTagName("script")[0]).parentNode.insertBefore(p,r);var u=e;for(void 0!==a?u=e[a]=[]:a="posthog",u.people=u.people||[],u.toString=function(t){var e="posthog";return"posthog"!==a&&(e+="."+a),t||(e+=" (stub)"),e},u.people.toString=function(){return u.toString(1)+".people (stub)"},o="init capture register register_once register_for_session unregister unregister_for_session getFeatureFlag getFeatureFlagPayload isFeatureEnabled reloadFeatureFlags updateEarlyAccessFeatureEnrollment getEarlyAccessFeatures on onFeatureFlags onSurveysLoaded onSessionId getSurveys getActiveMatchingSurveys renderSurvey canRenderSurvey canRenderSurveyAsync identify setPersonProperties group resetGroups setPersonPropertiesForFlags resetPersonPropertiesForFlags setGroupPropertiesForFlags resetGroupPropertiesForFlags reset get_distinct_id getGroups get_session_id get_session_replay_url alias set_config startSessionRecording stopSessionRecording sessionRecordingStarted captureException loadToolbar get_property getSessionProperty createPersonProfile opt_in_capturing opt_out_capturing has_opted_in_capturing has_opted_out_capturing clear_opt_in_out_capturing debug".split(" "),n=0;n<o.length;n++)g(u,o[n]);e._i.push([i,s,a])},e.__SV=1)}(document,window.posthog||[]);
posthog.init(${JSON.stringify(POSTHOG_TOKEN)}, ${JSON.stringify(options)});
</script>`;
}

/** The baseline page with PostHog's snippet where the widget's tags were: at the end of `<head>`'s links. */
export const withPosthog = (baselineHtml, options) => baselineHtml.replace('<link rel="stylesheet" href="/store.css">', (link) => `${link}\n${posthogSnippet(options)}`);

/**
 * The widget's survey document for the comparison: one 1–5 scale on the category page, shown on the session's
 * first page view (at once), answered by a click on a point; page views recorded, as PostHog records `$pageview`.
 */
export const WIDGET_DOCUMENT = {
  version: 1,
  pages: { category: { match: ['/c/**'] } },
  recordPageViews: true,
  surveys: [
    {
      id: 'decision-confidence',
      version: 1,
      pages: ['category'],
      trigger: { pageIndex: 1 },
      questions: [
        {
          id: 'confidence',
          type: 'scale',
          min: 1,
          max: 5,
          text: { en: SURVEY_QUESTION.text },
          labels: { min: { en: SURVEY_QUESTION.min }, max: { en: SURVEY_QUESTION.max } },
        },
      ],
    },
  ],
};

/** Where the store serves the pages built here (the widget's page is the demo's own /c/shoes). */
export const VARIANT_PATHS = { baseline: '/c/shoes/baseline', posthog: '/c/shoes/posthog', posthogNoSurveys: '/c/shoes/posthog-no-surveys' };

/**
 * The four variants at a demo store's origin, in the order of the first round. The PostHog pages and the baseline
 * sit under /c/shoes/ so PostHog's URL condition and the widget's page rule match as on the category page itself.
 * The widget's rating points are the labels of its scale, PostHog's its `.ratings-number` buttons; both click 4.
 * PostHog without surveys has started once its remote config has arrived.
 * @returns {import('./visitMetrics.mjs').Variant[]}
 */
export const variantsAt = (storeUrl) => [
  { name: 'baseline', url: `${storeUrl}${VARIANT_PATHS.baseline}` },
  { name: 'widget', url: `${storeUrl}/c/shoes`, question: '.s label', clickIndex: 3 },
  { name: 'posthog', url: `${storeUrl}${VARIANT_PATHS.posthog}`, question: '.ratings-number', clickIndex: 3 },
  { name: 'posthogNoSurveys', url: `${storeUrl}${VARIANT_PATHS.posthogNoSurveys}`, ready: /\/array\/[^/]+\/config/ },
];

/**
 * The store's extra routes (demo/startDemo.mjs `extraRoutes`) serving the baseline and PostHog pages, built from the
 * category page once the store and the mock run: call `build(categoryHtml, apiHost)` before the first visit.
 */
export function variantRoutes() {
  const pages = { baseline: '', posthog: '', posthogNoSurveys: '' };
  const route = (name) => () => ({ type: 'text/html; charset=utf-8', body: pages[name] });
  return {
    routes: Object.fromEntries(Object.entries(VARIANT_PATHS).map(([name, path]) => [path, route(name)])),
    build(categoryHtml, apiHost) {
      pages.baseline = withoutWidget(categoryHtml);
      pages.posthog = withPosthog(pages.baseline, { apiHost, surveys: true });
      pages.posthogNoSurveys = withPosthog(pages.baseline, { apiHost, surveys: false });
    },
  };
}
