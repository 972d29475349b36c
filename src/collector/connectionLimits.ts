/**
 * How long a connection may take and how many one client may hold. Without limits a client that opens
 * connections and never finishes a request keeps each one forever: 1,100 idle sockets used up the file
 * descriptors of a default Linux process, and every new client was reset. Node and Fastify provide the
 * timeouts; the per-address cap is counted here.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { openFileLimit } from './openFileLimit';

/** Timeouts and connection caps of the collector's HTTP server; every field has a default. */
export interface ConnectionLimits {
  /** Time to receive a whole request, headers and body; then 408 and the connection closes. Default 30 s. */
  requestTimeoutMs?: number | undefined;
  /** Time to receive a request's headers, from the connection's start or its previous response. Default 10 s. */
  headersTimeoutMs?: number | undefined;
  /** How long a kept-alive connection may wait for its next request. Default 5 s. */
  keepAliveTimeoutMs?: number | undefined;
  /** A connection with no traffic either way for this long is closed (a client that stops reading an export). Default 120 s. */
  idleTimeoutMs?: number | undefined;
  /** Open connections in all; more are closed at once. Default: the open-file limit minus 100, at most 10,000. */
  maxConnections?: number | undefined;
  /**
   * Open connections from one IP address; more are closed at once. Default 64; 0 for no cap. Not applied
   * behind a trusted proxy, whose own connections carry every visitor.
   */
  maxConnectionsPerIp?: number | undefined;
}

/** Default time to receive a whole request: a 256 KiB body at 10 KB/s (a poor mobile link) still arrives. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Default time to receive a request's headers: a browser sends them at once. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Default keep-alive: Node's own. Behind a load balancer, set it above the balancer's idle timeout. */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** Default idle time: long enough for a slow report to be computed before its first byte. */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
/** Default cap per IP address: above what a busy office behind one NAT address keeps open (browsers open at most 6 each). */
export const DEFAULT_MAX_CONNECTIONS_PER_IP = 64;
/** File descriptors kept for everything but client connections: the database, its journal, a PostgreSQL pool, logs. */
const RESERVED_FILES = 100;
/** Connections in all when the open-file limit cannot be read. */
const FALLBACK_MAX_CONNECTIONS = 1_000;

/** The limits with every default filled in. */
export type ResolvedConnectionLimits = { [K in keyof ConnectionLimits]-?: number };

/** Fills in the defaults; throws when a value is not a whole number of at least 0 (1 for the caps). */
export function resolveConnectionLimits(limits: ConnectionLimits = {}): ResolvedConnectionLimits {
  const files = openFileLimit();
  const resolved: ResolvedConnectionLimits = {
    requestTimeoutMs: limits.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: limits.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs: limits.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    idleTimeoutMs: limits.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    maxConnections:
      limits.maxConnections ?? (files === undefined ? FALLBACK_MAX_CONNECTIONS : Math.max(10, Math.min(10_000, files - RESERVED_FILES))),
    maxConnectionsPerIp: limits.maxConnectionsPerIp ?? DEFAULT_MAX_CONNECTIONS_PER_IP,
  };
  for (const [name, value] of Object.entries(resolved)) {
    const least = name === 'maxConnections' || name === 'keepAliveTimeoutMs' ? 1 : 0;
    if (!Number.isSafeInteger(value) || value < least) throw new Error(`${name} must be a whole number of at least ${least}, got ${value}`);
  }
  return resolved;
}

/**
 * What Fastify's constructor takes from the limits. Node checks the header and request timeouts on a timer;
 * it runs at a quarter of the shorter one, so a connection is cut at most 25% late (Node's default is every 30 s).
 */
export function serverOptions(limits: ResolvedConnectionLimits) {
  // Node refuses a header timeout longer than the request timeout.
  const headersTimeout = limits.requestTimeoutMs ? Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) : limits.headersTimeoutMs;
  const shortest = Math.min(...[headersTimeout, limits.requestTimeoutMs].filter((ms) => ms > 0));
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    http: {
      headersTimeout,
      connectionsCheckingInterval: Number.isFinite(shortest) ? Math.min(5_000, Math.max(100, Math.floor(shortest / 4))) : 30_000,
    },
  };
}

/**
 * Caps the connections of `server`: in all (`server.maxConnections`, which Node enforces) and per remote address
 * (counted here). A connection over either cap is closed before a byte is read.
 * @param perIp false to count no address (behind a proxy).
 */
export function capConnections(server: Server, limits: ResolvedConnectionLimits, perIp: boolean): void {
  server.maxConnections = limits.maxConnections;
  const cap = limits.maxConnectionsPerIp;
  if (!perIp || cap === 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > cap) return void socket.destroy();
    open.set(address, count);
    socket.once('close', () => {
      const left = open.get(address)! - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
