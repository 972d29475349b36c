/**
 * `GET /v1/surveys`: the survey document the collector publishes (`serve --surveys`), for the widget loaded from this
 * collector. Public, like the pages that show the surveys: any origin may read it. A short max-age and an ETag, so an
 * edit reaches visitors within a minute and an unchanged document costs a 304.
 */
import type { FastifyInstance } from 'fastify';
import { VALIDATED_HEADER } from '../../contract/validatedHeader';
import { etagMatches } from '../etagMatches';
import type { SurveyPublisher } from '../publishSurveys';

/** Where the widget loaded from a collector reads its surveys. */
export const SURVEYS_PATH = '/v1/surveys';
/** How long a browser may reuse the document without asking again. */
export const SURVEYS_MAX_AGE_S = 60;

/** Adds `GET /v1/surveys`, answering 404 with the fix when the collector publishes no surveys. */
export function registerSurveyRoutes(app: FastifyInstance, surveys: SurveyPublisher | undefined): void {
  app.get(SURVEYS_PATH, async (request, reply) => {
    reply.headers({
      'access-control-allow-origin': '*',
      // The widget reads it to skip its own validation: every published document passed `validate`'s checks.
      'access-control-expose-headers': VALIDATED_HEADER,
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
    });
    const published = surveys?.current();
    if (!published) {
      return reply.code(404).header('cache-control', 'no-store').send({ error: 'no surveys published: start the collector with --surveys FILE|FOLDER' });
    }
    reply.headers({ etag: published.etag, 'cache-control': `public, max-age=${SURVEYS_MAX_AGE_S}, must-revalidate`, [VALIDATED_HEADER]: '1' });
    if (etagMatches(request.headers['if-none-match'], published.etag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(published.json);
  });
}
