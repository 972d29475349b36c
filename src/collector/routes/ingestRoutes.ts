/**
 * `POST /v1/events`: a batch in, one result per event out. Each event is validated on its own,
 * so one bad event never costs the others; valid ones are stored idempotently by id.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { batchSchema, type PulseEvent } from '../../contract/eventShapes';
import { BUSY_RETRY_AFTER_S, type BusyGuard } from '../busyGuard';
import { checkEvent } from '../checkEvent';
import { describeIssues, MAX_REASONS } from '../describeIssues';
import { createGroupCommit } from '../groupCommit';
import type { InsertOutcome } from '../insertIsolated';
import type { EventStore, InsertStatus } from '../store';
import { outsideWindow, timeWindow } from '../timeWindow';

/** The ingest path. */
export const EVENTS_PATH = '/v1/events';

/**
 * Rejected events of one batch whose reasons list up to five problems; later ones give their first problem only,
 * so a batch of a thousand broken events gets a short answer.
 */
const DETAILED_REJECTIONS = 20;

/** The result of one event in a batch, in the order the batch sent them. */
export interface EventResult {
  /** The event's id, or null when the event has no usable id. */
  id: string | null;
  status: InsertStatus | 'rejected';
  /** Why a rejected event was refused, as `path: message`. */
  reason?: string;
}

/** The body of a 200 answer to `POST /v1/events`. */
export interface IngestResponse {
  results: EventResult[];
  accepted: number;
  duplicate: number;
  rejected: number;
}

/** The id of an event that failed validation, if it has a usable one to echo. */
function idOf(raw: unknown): string | null {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : null;
}

/** Adds the ingest routes; CORS and rate limiting are the app's hooks. `guard` is shared with `/healthz`. */
export function registerIngestRoutes(app: FastifyInstance, store: EventStore, guard: BusyGuard): void {
  // Requests arriving together share a transaction; each is answered once its own events are committed.
  const insert = createGroupCommit(store);
  // A scope of its own, so that only ingest parses `__proto__` as an ordinary key: the event carrying it is then
  // refused on its own (see findUnsafeKey), where the default parser would fail the whole batch. Every other
  // route keeps the default parser, which refuses such bodies outright.
  app.register(async (scope) => {
    const parseJson = scope.getDefaultJsonParser('ignore', 'ignore');
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
    // Browsers post cross-origin as text/plain to skip the CORS preflight: parse it as JSON.
    scope.addContentTypeParser('text/plain', { parseAs: 'string' }, parseJson);

    scope.options(EVENTS_PATH, (_request, reply) => reply.code(204).send());

    scope.post(EVENTS_PATH, async (request, reply) => {
      const envelope = batchSchema.safeParse(request.body, { reportInput: true });
      if (!envelope.success) {
        return reply.code(400).send({ error: `invalid batch: ${describeIssues(batchSchema, request.body, envelope.error.issues, '(batch)')}` });
      }

      const receivedAt = Date.now();
      const window = timeWindow(receivedAt);
      // The device's clock at sending: when it is far off, so are its events' times, and every event says why.
      const badSentAt = outsideWindow('sentAt', envelope.data.sentAt, window);
      const results: EventResult[] = [];
      const valid: PulseEvent[] = [];
      const slots: number[] = [];
      let rejected = 0;
      envelope.data.events.forEach((raw, index) => {
        const check = badSentAt
          ? { ok: false as const, reason: badSentAt }
          : checkEvent(raw, window, rejected < DETAILED_REJECTIONS ? MAX_REASONS + 1 : 1);
        if (!check.ok) {
          rejected++;
          results.push({ id: idOf(raw), status: 'rejected', reason: check.reason });
          return;
        }
        valid.push(check.event);
        slots.push(index);
        results.push({ id: check.event.id, status: 'accepted' });
      });

      if (valid.length) {
        if (guard.busy()) return retryLater(reply);
        let outcomes: InsertOutcome[];
        try {
          outcomes = await insert(valid, { receivedAt: new Date(receivedAt).toISOString(), sentAt: envelope.data.sentAt });
        } catch (error) {
          if (guard.trip(error)) return retryLater(reply);
          throw error;
        }
        outcomes.forEach((outcome, k) => {
          const result = results[slots[k]!]!;
          if (typeof outcome === 'string') result.status = outcome;
          else {
            result.status = 'rejected';
            result.reason = outcome.rejected;
          }
        });
      }

      const body: IngestResponse = { results, accepted: 0, duplicate: 0, rejected: 0 };
      for (const result of results) body[result.status]++;
      return reply.header('cache-control', 'no-store').send(body);
    });
  });
}

/** The database is locked: the widget keeps the batch and sends it again after `Retry-After`. */
function retryLater(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .headers({ 'retry-after': String(BUSY_RETRY_AFTER_S), 'cache-control': 'no-store' })
    .send({ error: 'the database is busy: send this batch again later' });
}
