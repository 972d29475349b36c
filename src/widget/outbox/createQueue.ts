import type { Batch, PulseEvent } from '../../contract/eventShapes';
import { listen } from '../lib/listen';
import { createQueueStore } from './storage/createQueueStore';
import type { QueueStore } from './storage/types';
import { classifyStatus } from './classifyStatus';
import { electSender } from './electSender';
import { MAX_DELAY_MS, parseRetryAfter, retryDelay } from './retryDelay';
import { fetchTransport, type Transport } from './transport';

/**
 * Events in the first request of a drain; each delivered batch doubles the next one's limit, up to `MAX_BATCH_EVENTS`
 * events and about `MAX_BATCH_BYTES`.
 */
export const FIRST_BATCH_EVENTS = 50;
/** Events per request at most, when a backlog drains: the most the collector takes in one batch. */
export const MAX_BATCH_EVENTS = 1000;
/**
 * UTF-8 bytes a request grows to at most, by the previous batch's bytes per event: half the collector's default body
 * limit (256 KiB), so events twice the previous batch's average, or a lower limit, still fit (a 413 halves the batch).
 */
export const MAX_BATCH_BYTES = 128_000;
/** UTF-8 bytes per page-hide request: under the browser's 64 KiB keepalive/sendBeacon budget. */
export const MAX_HIDDEN_BATCH_BYTES = 60_000;
/** Events older than this are dropped unsent. */
export const EXPIRY_MS = 30 * 24 * 3600_000;
/** Wait after a new event before sending, so a burst (answer + complete) goes in one request. */
export const DEBOUNCE_MS = 1000;
/** Queued events other than answers; past it the oldest are dropped (answers never are). */
export const MAX_OTHER_EVENTS = 1000;
/** Key prefixes: answers sort before every other event, so they are sent first and never evicted by the cap. */
const ANSWER = 'a';
const OTHER = 'o';
/** The localStorage key a tab writes after queueing an event, so the sending tab (its `storage` listener) sends it. */
const PING = 'cp:ping';
/** Bytes of the batch envelope `{"v":1,"sentAt":"…","events":[]}` around the events. */
const ENVELOPE_BYTES = 60;

/** The store key of an event: its class prefix, then its time-ordered id, so key order is send order. */
export const keyOf = (event: PulseEvent): string => (event.type === 'answer' ? ANSWER : OTHER) + event.id;

/** Delivery counters, exposed by `stats()` and with each `error`. */
export interface QueueStats {
  /** Events the endpoint confirmed with a 2xx. */
  sent: number;
  /** Requests answered with a retryable status or a network error. */
  retried: number;
  /** Events dropped, by reason: `status_400`…, `too_large`, `expired`, `cap`, `quota`. */
  dropped: Record<string, number>;
  /** Where events wait now: `indexeddb`, `localstorage` or `memory`. */
  storage: QueueStore['mode'];
  /** Events waiting on this device (all tabs of the origin share them). */
  queued: number;
  /** True while 401/403 or `Retry-After` holds the queue. */
  paused: boolean;
}

/** What `onError` receives: the reason, how many events, the HTTP status, and the counters at that moment. */
export interface QueueError {
  reason: string;
  count: number;
  status?: number | undefined;
  message?: string | undefined;
  stats: QueueStats;
}

/** Options of `createQueue`. */
export interface QueueOptions {
  endpoint: string;
  /** Where events wait. Default: IndexedDB → localStorage → memory, making room on quota errors. */
  store?: QueueStore | undefined;
  transport?: Transport | undefined;
  /** Called when events are dropped, storage falls back or fails, or the endpoint pauses the queue. */
  onError?: ((error: QueueError) => void) | undefined;
  /** The window whose lifecycle, storage and network state the queue follows. */
  win?: Window | undefined;
}

/** The outbox of one page: what `pulse.ts` calls. */
export interface Queue {
  /** Persists the event, then schedules a send. Resolves once the event is stored; never rejects. */
  add(event: PulseEvent, hiding?: boolean): Promise<void>;
  /** Sends everything queued now (bounded batches), if this tab is the sender; resolves when the queue is empty or must wait. */
  flush(): Promise<void>;
  /**
   * Page-hide path: one keepalive request of this page view's unsent events within 60,000 bytes; deletes nothing
   * (the server dedups). `leaving` (on `pagehide`) also hands the sender role to another tab.
   */
  flushOnHide(leaving?: boolean): void;
  stats(): Promise<QueueStats>;
  stop(): void;
  /** Forgets every queued event, stored or pending (`consent(false)`). */
  clear(): Promise<void>;
}

/**
 * The first events whose batch stays within `limit` UTF-8 bytes. The largest event the collector takes (about 25 KB)
 * is far below either limit, so the first event always fits.
 */
const cut = (events: PulseEvent[], limit: number): PulseEvent[] => {
  let bytes = ENVELOPE_BYTES;
  // `bytes` only grows, so the events kept are a prefix.
  return events.filter((event) => (bytes += new Blob([JSON.stringify(event)]).size + 1) <= limit);
};

/** An event as a store entry. */
const entry = (event: PulseEvent): [string, PulseEvent] => [keyOf(event), event];

/**
 * The outbox: write before send, delete only after a 2xx, retry with backoff, one sending tab per origin.
 * Events are stored under their time-ordered id, so reading the oldest batch is a bounded key-range read.
 */
export function createQueue({ endpoint, store, transport = fetchTransport, onError = () => {}, win = window }: QueueOptions): Queue {
  const counters = { sent: 0, retried: 0, dropped: {} as Record<string, number> };
  let failures = 0;
  let batchLimit = FIRST_BATCH_EVENTS;
  /** No request before this time: backoff, `Retry-After` or a 401/403 pause. */
  let notBefore = 0;
  let paused = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  /**
   * Set on `pagehide`, cleared by the next flush (after a back/forward restore). While set, nothing claims the
   * sender role again: a frozen page granted the lock would be evicted from the bfcache, and would block the other tabs.
   */
  let left = false;
  /** This page view's unsent events, so the page-hide path can send synchronously without a storage read. */
  const pending = new Map<string, PulseEvent>();
  /** The chain of storage writes: one write at a time, each of every event added since the previous one began. */
  let adding = Promise.resolve();
  /** Events waiting for the next write of the chain; undefined once that write has taken them. */
  let batch: PulseEvent[] | undefined;
  /** The next batch, read while the current one is on the wire. */
  let ahead: Promise<unknown[]> | undefined;
  /** Events whose storage write is still running: an unload can cut an IndexedDB transaction short. */
  const unsaved = new Map<string, PulseEvent>();
  /**
   * The last key of the batch being sent. The collector may hold that batch and the one delivered before it, whose
   * delete may still run: both sort before this key (batches go in key order, and new events get later ids), so a
   * quota eviction takes only events after it. Evicting them would count as dropped what is counted sent.
   */
  let sending = '';
  /** The delete of the batch delivered last, running while the next one is on the wire; it never rejects. */
  let deleting = Promise.resolve();

  const stats = async (): Promise<QueueStats> => ({
    ...counters,
    dropped: { ...counters.dropped },
    storage: queueStore.mode,
    queued: await queueStore.size(),
    paused: paused && Date.now() < notBefore,
  });

  // Deferred a tick: the store may report its first fallback while it is still being created.
  const report = (error: Omit<QueueError, 'stats'>) => void Promise.resolve().then(stats).then((s) => onError({ ...error, stats: s }));

  const remove = (events: PulseEvent[]) => {
    events.forEach((e) => pending.delete(e.id));
    return queueStore.remove(events.map(keyOf));
  };

  /** Deletes the events and counts them under `reason`; answers how many went. */
  const drop = async (reason: string, events: PulseEvent[], status?: number) => {
    // The batch read ahead may hold what goes now: sending it would count it twice, dropped and sent.
    ahead = undefined;
    if (events.length) {
      await remove(events);
      counters.dropped[reason] = (counters.dropped[reason] ?? 0) + events.length;
      report({ reason, count: events.length, status });
    }
    return events.length;
  };

  const queueStore: QueueStore =
    store ??
    createQueueStore(
      win,
      undefined,
      (error) => report({ reason: 'storage_fallback', count: 0, message: String(error) }),
      // A quota error: the oldest events other than answers go first, except the batches in flight or being deleted,
      // which have probably arrived: evicting them would count as lost what the collector holds.
      async (s) => drop('quota', (await s.oldest(FIRST_BATCH_EVENTS, OTHER, sending)) as PulseEvent[]),
    );

  /** Writes the events where they outlive an unload, at once: the store's spare. Throws where there is none. */
  const keep = (events: PulseEvent[]) => queueStore.spare!().put(events.map(entry));

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void flush(), ms);
  };

  // Events an earlier page kept in the spare store (the page-hide copies, or a localStorage fallback's events) move
  // back. (When the store is that same spare, or another store that is not IndexedDB, they are not removed from it.)
  const adopted = (async () => {
    const left = queueStore.spare!();
    const events = (await left.oldest(1e4)) as PulseEvent[];
    if (!events.length) return;
    await queueStore.put(events.map(entry));
    if (queueStore.mode === 'indexeddb') await left.remove(events.map(keyOf));
  })().catch(() => {});

  const sender = electSender(() => void flush(), win);
  const mine = () => !left && sender.held();
  const stopListening = listen(win, 'storage', (e: StorageEvent) => e.key === PING && schedule(DEBOUNCE_MS));

  /** Waits `ms` before the next request; `pause` marks a wait the endpoint asked for. */
  const wait = (ms: number, pause: boolean) => {
    notBefore = Date.now() + ms;
    paused = pause;
    schedule(ms);
  };

  /** Sends the oldest batch and acts on the answer; true when the next batch may go at once. */
  const sendOnce = async (): Promise<boolean> => {
    // The batch read during the previous request, if any and not empty: the keys after that request's batch. Events
    // queued meanwhile under earlier keys (an answer while other events drain) are found by the fresh read that ends a drain.
    let events = (await ahead) as PulseEvent[] | undefined;
    ahead = undefined;
    // A fresh read starts from the oldest key. It sees the last delete done, though that may still run: a store's
    // calls take effect in the order they are made (see QueueStore).
    if (!events?.length) events = (await queueStore.oldest(batchLimit)) as PulseEvent[];
    // Expired events go, then the batch is read again.
    if (await drop('expired', events.filter((e) => Date.now() - Date.parse(e.ts) > EXPIRY_MS))) return true;
    if (!events.length) return false;
    // Offline: no request and no failure counted, so offline time never grows the backoff. `online` resumes;
    // the slow timer covers a browser that never fires it.
    if (win.navigator.onLine === false) return schedule(MAX_DELAY_MS), false;
    const reply = transport(endpoint, { v: 1, sentAt: new Date().toISOString(), events } satisfies Batch, { keepalive: false });
    // A backlog drains in growing batches: each delivered one doubles the next one's limit (after a 413 too, so the
    // limit grows back gradually rather than jumping to the size that failed), as far as this batch's bytes per event
    // let the next one stay within MAX_BATCH_BYTES (give or take an event). At least one event: `oldest(0)` would read
    // the whole queue.
    const next = Math.min(MAX_BATCH_EVENTS, batchLimit * 2, ((events.length * MAX_BATCH_BYTES) / new Blob([JSON.stringify(events)]).size + 1) | 0);
    // Pipelined: the next batch is read while this one is on the wire. A failed read is not this request's business:
    // the next turn reads afresh.
    ahead = queueStore.oldest(next, undefined, (sending = keyOf(events[events.length - 1]!))).catch(() => []);
    const { status, retryAfter } = await reply;
    // The previous batch's delete ran while this one was on the wire.
    await deleting;
    const action = classifyStatus(status);
    if (action === 'delete') {
      counters.sent += events.length;
      // Deleted while the next batch goes: a reload before the delete is done sends these again, and the collector
      // dedups them. A failed delete leaves them queued, to be sent (and deduped) again.
      deleting = remove(events).catch(() => {});
      failures = 0;
      paused = false;
      batchLimit = next;
      return true;
    }
    // Any other answer leaves the batch stored: the next turn reads from the oldest again.
    ahead = undefined;
    if (action === 'split') {
      if (events.length > 1) batchLimit = events.length >> 1;
      else await drop('too_large', events, status);
      return true;
    }
    if (action === 'drop') return !!(await drop(`status_${status}`, events, status));
    if (action === 'pause') {
      report({ reason: `paused_${status}`, count: events.length, status });
      wait(MAX_DELAY_MS, true);
      return false;
    }
    counters.retried++;
    const after = parseRetryAfter(retryAfter);
    // `Retry-After` is a floor: "0" must not turn the backoff into a tight loop.
    wait(Math.max(after ?? 0, retryDelay(++failures)), after !== undefined);
    return false;
  };

  const flush = (): Promise<void> => {
    left = false;
    if (stopped || !mine()) return Promise.resolve();
    if (Date.now() < notBefore) return Promise.resolve(schedule(notBefore - Date.now()));
    // One flush at a time: a second caller waits for the same run instead of sending the same events twice.
    running ??= (async () => {
      try {
        await adopted;
        while (!stopped && mine() && (await sendOnce()));
        // Until the last delete is done, its batch stays out of a quota eviction's reach (`sending`).
        await deleting;
      } catch {
        report({ reason: 'storage', count: 0 });
        wait(retryDelay(++failures), false);
      } finally {
        running = undefined;
        sending = '';
        // Read before this run ended: the next run reads afresh.
        ahead = undefined;
      }
    })();
    return running;
  };

  return {
    add(event, hiding) {
      // In `pending` at once, so a page-hide send in this same task includes it.
      pending.set(event.id, event);
      if (hiding) {
        try {
          // A page being hidden may be frozen into the back/forward cache next, and an IndexedDB write still running
          // then gets it evicted (IgnoreEventAndEvict). The spare store (localStorage) is synchronous; the next page
          // moves the event back.
          keep([event]);
          return Promise.resolve();
        } catch {
          // No spare store (no localStorage, or a given store without one): store it the usual way.
        }
      }
      unsaved.set(event.id, event);
      // Events added in the same task (and while the previous write runs) join one write: one transaction for all.
      if (batch) return batch.push(event), adding;
      const events = (batch = [event]);
      // One write at a time, so the cap and quota evictions of a burst of events never count the same victims twice.
      return (adding = adding.then(async () => {
        batch = undefined;
        try {
          await queueStore.put(events.map(entry));
          events.forEach((e) => unsaved.delete(e.id));
          const over = events.every((e) => e.type === 'answer') ? 0 : (await queueStore.size(OTHER)) - MAX_OTHER_EVENTS;
          if (over > 0) await drop('cap', (await queueStore.oldest(over, OTHER)) as PulseEvent[]);
        } catch {
          // Not stored: the page-hide path's copy in the spare store still has them.
          report({ reason: 'storage', count: events.length });
        }
        try {
          win.localStorage[PING] = event.id;
        } catch {
          // No localStorage: the sending tab finds the events on its next flush.
        }
        schedule(DEBOUNCE_MS);
      }));
    },
    flush,
    flushOnHide(leaving) {
      const events = cut([...pending.values()], MAX_HIDDEN_BATCH_BYTES);
      // One request per hide: on a navigation or a closed tab, `pagehide` sends and the `visibilitychange` after it
      // does not (`left`), so the 64 KiB keepalive budget holds ours with room to spare.
      if (!stopped && events.length && Date.now() >= notBefore && mine()) {
        // Each event goes once by this path; it stays stored, and is re-sent later if need be (the server dedups).
        events.forEach((e) => pending.delete(e.id));
        void transport(endpoint, { v: 1, sentAt: new Date().toISOString(), events }, { keepalive: true });
      }
      // An unload can cut a running IndexedDB write short; the spare store is synchronous, so copies of these
      // survive, and the next page moves them back. (A copy of an event delivered meanwhile is delivered again: the
      // collector dedups.) On a navigation, `visibilitychange` comes after `pagehide`, so both hide events copy.
      try {
        keep([...unsaved.values()]);
      } catch {
        // Nowhere to keep them: nothing more can be done before the page goes.
      }
      if (leaving) {
        left = true;
        sender.release();
      }
    },
    stats,
    clear() {
      pending.clear();
      unsaved.clear();
      return queueStore.clear();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      sender.release();
      stopListening();
    },
  };
}
