/**
 * `POST /v1/events` (SPEC §6, §9): a batch in, one result per event out. Each event is validated on its own,
 * so one bad event never costs the others; valid ones are stored idempotently by id.
 */
import type { FastifyInstance } from 'fastify';
import { batchSchema, eventSchema, type PulseEvent } from '../../events/schema';
import { describeIssues, findNul } from '../describeIssues';
import type { EventStore, InsertStatus } from '../store';

/** The ingest path. */
export const EVENTS_PATH = '/v1/events';

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

/** Adds the ingest routes; CORS and rate limiting are the app's hooks. */
export function registerIngestRoutes(app: FastifyInstance, store: EventStore): void {
  app.options(EVENTS_PATH, (_request, reply) => reply.code(204).send());

  app.post(EVENTS_PATH, async (request, reply) => {
    const envelope = batchSchema.safeParse(request.body, { reportInput: true });
    if (!envelope.success) {
      return reply.code(400).send({ error: `invalid batch: ${describeIssues(batchSchema, request.body, envelope.error.issues, '(batch)')}` });
    }

    const results: EventResult[] = [];
    const valid: PulseEvent[] = [];
    const slots: number[] = [];
    envelope.data.events.forEach((raw, index) => {
      const parsed = eventSchema.safeParse(raw, { reportInput: true });
      if (!parsed.success) {
        results.push({ id: idOf(raw), status: 'rejected', reason: describeIssues(eventSchema, raw, parsed.error.issues, '(event)') });
        return;
      }
      const nul = findNul(parsed.data);
      if (nul !== undefined) {
        results.push({ id: idOf(raw), status: 'rejected', reason: `${nul || '(event)'}: contains a NUL character (\\u0000)` });
        return;
      }
      valid.push(parsed.data);
      slots.push(index);
      results.push({ id: parsed.data.id, status: 'accepted' });
    });

    const statuses = await store.insertMany(valid, { receivedAt: new Date().toISOString(), sentAt: envelope.data.sentAt });
    statuses.forEach((status, k) => (results[slots[k]!]!.status = status));

    const body: IngestResponse = { results, accepted: 0, duplicate: 0, rejected: 0 };
    for (const result of results) body[result.status]++;
    return reply.header('cache-control', 'no-store').send(body);
  });
}
