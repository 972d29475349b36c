import type { Batch, PulseEvent } from '../events/schema';
import type { QueueStore } from '../storage/types';
import { classifyStatus } from './classifyStatus';
import { MAX_DELAY_MS, parseRetryAfter, retryDelay } from './retryDelay';
import { fetchTransport, type Transport } from './transport';

/** Events per request (SPEC §7). */
export const MAX_BATCH_EVENTS = 50;
/** UTF-8 bytes per page-hide request: under the browser's 64 KiB keepalive/sendBeacon budget. */
export const MAX_HIDDEN_BATCH_BYTES = 60_000;
/** UTF-8 bytes per normal request. */
export const MAX_BATCH_BYTES = 500_000;
/** Events older than this are dropped unsent (SPEC §7). */
export const EXPIRY_MS = 30 * 24 * 3600_000;
/** Wait after a new event before sending, so a burst (answer + complete) goes in one request. */
export const DEBOUNCE_MS = 1000;

/** Delivery counters, exposed by `stats()` and with each `error`. */
export interface QueueStats {
  sent: number;
  retried: number;
  dropped: Record<string, number>;
  storage: QueueStore['mode'];
  queued: number;
  /** True while 401/403 or `Retry-After` holds the queue. */
  paused: boolean;
}

export interface QueueOptions {
  endpoint: string;
  store: QueueStore;
  transport?: Transport | undefined;
  /** Called when events are dropped or storage fails; never throws into the page. */
  onError?: ((error: { reason: string; count: number; status?: number }) => void) | undefined;
}

export interface Queue {
  /** Persists the event, then schedules a send. Resolves once the event is stored. */
  add(event: PulseEvent): Promise<void>;
  /** Sends everything queued now (bounded batches); resolves when the queue is empty or must wait. */
  flush(): Promise<void>;
  /** Page-hide path: one keepalive request within the 64 KiB budget; deletes nothing (the server dedups). */
  flushOnHide(): void;
  stats(): Promise<QueueStats>;
  clear(): Promise<void>;
  stop(): void;
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/**
 * The outbox (SPEC §7): write before send, delete only after a 2xx, retry with backoff.
 * Events are stored under their time-ordered id, so reading the oldest batch is a bounded key-range read.
 */
export function createQueue({ endpoint, store, transport = fetchTransport, onError = () => {} }: QueueOptions): Queue {
  const counters = { sent: 0, retried: 0, dropped: {} as Record<string, number> };
  let failures = 0;
  let batchLimit = MAX_BATCH_EVENTS;
  let pausedUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  /** This page view's unsent events, so the page-hide path can send synchronously without a storage read. */
  const pending = new Map<string, PulseEvent>();

  const drop = (reason: string, count: number, status?: number) => {
    counters.dropped[reason] = (counters.dropped[reason] ?? 0) + count;
    onError(status === undefined ? { reason, count } : { reason, count, status });
  };

  const remove = (ids: string[]) => {
    ids.forEach((id) => pending.delete(id));
    return store.remove(ids);
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void flush(), ms);
  };

  /** Reads the oldest events, dropping expired ones, and cuts the batch at `maxBytes`. */
  const nextBatch = async (maxBytes: number): Promise<PulseEvent[]> => {
    const events = (await store.oldest(batchLimit)) as PulseEvent[];
    const expired = events.filter((e) => Date.now() - Date.parse(e.ts) > EXPIRY_MS);
    if (expired.length) {
      await remove(expired.map((e) => e.id));
      drop('expired', expired.length);
    }
    const batch: PulseEvent[] = [];
    let bytes = 40;
    for (const event of events) {
      if (expired.includes(event)) continue;
      const size = utf8Length(JSON.stringify(event)) + 1;
      if (batch.length && bytes + size > maxBytes) break;
      batch.push(event);
      bytes += size;
    }
    return batch;
  };

  const sendOnce = async (): Promise<boolean> => {
    const events = await nextBatch(MAX_BATCH_BYTES);
    if (!events.length) return false;
    const batch: Batch = { v: 1, sentAt: new Date().toISOString(), events };
    const { status, retryAfter } = await transport(endpoint, batch, { keepalive: false });
    const action = classifyStatus(status);
    const ids = events.map((e) => e.id);
    if (action === 'delete') {
      await remove(ids);
      counters.sent += ids.length;
      failures = 0;
      // After a 413 the limit grows back gradually rather than jumping to the size that failed.
      batchLimit = Math.min(MAX_BATCH_EVENTS, batchLimit * 2);
      return true;
    }
    if (action === 'split') {
      if (events.length > 1) {
        batchLimit = Math.max(1, Math.floor(events.length / 2));
        return true;
      }
      await remove(ids);
      drop('too_large', 1, status);
      return true;
    }
    if (action === 'drop') {
      await remove(ids);
      drop(`status_${status}`, ids.length, status);
      return true;
    }
    // retry or pause: keep the events and wait.
    const waitFor = parseRetryAfter(retryAfter);
    if (action === 'pause') {
      pausedUntil = Date.now() + MAX_DELAY_MS;
      onError({ reason: `paused_${status}`, count: ids.length, status });
      schedule(MAX_DELAY_MS);
      return false;
    }
    counters.retried++;
    // Offline time does not count as failures: the `online` listener resumes the queue.
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return false;
    failures++;
    const delay = waitFor ?? retryDelay(failures);
    if (waitFor !== undefined) pausedUntil = Date.now() + waitFor;
    schedule(delay);
    return false;
  };

  const flush = (): Promise<void> => {
    if (stopped || Date.now() < pausedUntil) return Promise.resolve();
    // One flush at a time: a second caller waits for the same run instead of sending the same events twice.
    running ??= (async () => {
      try {
        while (!stopped && (await sendOnce()));
      } catch {
        onError({ reason: 'storage', count: 0 });
        schedule(retryDelay(++failures));
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  return {
    async add(event) {
      // Before the (asynchronous) write, so an event queued in a page-hide handler leaves with that page-hide send.
      pending.set(event.id, event);
      await store.put(event.id, event);
      schedule(DEBOUNCE_MS);
    },
    flush,
    flushOnHide() {
      if (stopped || Date.now() < pausedUntil || !pending.size) return;
      const events: PulseEvent[] = [];
      let bytes = 40;
      for (const event of pending.values()) {
        const size = utf8Length(JSON.stringify(event)) + 1;
        if (bytes + size > MAX_HIDDEN_BATCH_BYTES) break;
        events.push(event);
        bytes += size;
      }
      // Fire and forget: the events stay queued and are re-sent on the next load; the server dedups.
      if (events.length) void transport(endpoint, { v: 1, sentAt: new Date().toISOString(), events }, { keepalive: true });
    },
    async stats() {
      return { ...counters, dropped: { ...counters.dropped }, storage: store.mode, queued: await store.size(), paused: Date.now() < pausedUntil };
    },
    clear: () => (pending.clear(), store.clear()),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
