/**
 * `GET /healthz` for load balancers: 200 while the database answers (with its size in bytes, to watch a disk
 * filling up), 503 when it cannot be reached, is locked, or does not answer in time. It always answers quickly,
 * so a stuck database takes the collector out of rotation instead of hanging the checks.
 */
import type { FastifyInstance } from 'fastify';
import { BUSY_RETRY_AFTER_S, type BusyGuard } from '../busyGuard';
import type { EventStore } from '../store';

/** The health path. */
export const HEALTH_PATH = '/healthz';

/** How long the database gets to answer a health check before the collector calls it stuck. */
export const HEALTH_TIMEOUT_MS = 500;

/** The store's size for monitoring, or undefined when it cannot tell: the size never makes a check fail. */
async function databaseBytes(store: EventStore): Promise<number | undefined> {
  try {
    return await store.sizeBytes?.();
  } catch {
    return undefined;
  }
}

/** Adds `GET /healthz`; `guard` knows whether ingest just found the database locked. */
export function registerHealthRoutes(app: FastifyInstance, store: EventStore, guard: BusyGuard): void {
  app.get(HEALTH_PATH, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    // Unhealthy: the load balancer sends traffic to another collector until the database is back.
    const unhealthy = (error: string) => reply.code(503).header('retry-after', String(BUSY_RETRY_AFTER_S)).send({ ok: false, error });
    if (guard.busy()) return unhealthy('database locked');
    let timer: NodeJS.Timeout | undefined;
    try {
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, HEALTH_TIMEOUT_MS, 'late')));
      if ((await Promise.race([store.ping(), late])) === 'late') return unhealthy(`database did not answer within ${HEALTH_TIMEOUT_MS} ms`);
      const size = await Promise.race([databaseBytes(store), late]);
      return size === 'late' || size === undefined ? { ok: true } : { ok: true, databaseBytes: size };
    } catch (error) {
      return unhealthy(guard.trip(error) ? 'database locked' : 'database unreachable');
    } finally {
      clearTimeout(timer);
    }
  });
}
