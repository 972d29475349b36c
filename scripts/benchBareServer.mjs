// The floor of `npm run bench:collector --floor`: a bare Fastify server taking the same POST /v1/events bodies the
// same way (text/plain parsed as JSON) and answering a result per event, with no validation and no store. What the
// collector costs beyond it is its own work. Prints "listening on URL" like the CLI; stops on SIGTERM.
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
const parseJson = app.getDefaultJsonParser('ignore', 'ignore');
app.addContentTypeParser('text/plain', { parseAs: 'string' }, parseJson);
app.post('/v1/events', async (request, reply) => {
  const { events } = /** @type {{ events: { id: string }[] }} */ (request.body);
  const results = events.map((event) => ({ id: event.id, status: 'accepted' }));
  return reply.header('cache-control', 'no-store').send({ results, accepted: results.length, duplicate: 0, rejected: 0 });
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`listening on ${url}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
