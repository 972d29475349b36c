import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Why `startCollector` could not start, naming the option to change (`db`, `port` or `host`), so the CLI can
 * name its flag. `cause` keeps the original error.
 */
export class CollectorStartError extends Error {
  override name = 'CollectorStartError';
  constructor(
    message: string,
    /** The `startCollector` option whose value failed. */
    readonly option: 'db' | 'port' | 'host',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A listen failure in words: a port in use or needing privileges, an address this machine lacks. */
export function explainListenError(error: unknown, port: number, host: string): unknown {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'EADDRINUSE') return new CollectorStartError(`port ${port} on ${host} is already in use by another program`, 'port', { cause: error });
  if (code === 'EACCES') return new CollectorStartError(`port ${port} on ${host} needs privileges this user lacks; ports above 1023 do not`, 'port', { cause: error });
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new CollectorStartError(`cannot listen on ${host}: this machine has no such address`, 'host', { cause: error });
  return error;
}

/**
 * A SQLite file that could not be opened, in words: its path, and whether its directory exists and is
 * writable, or the file itself is read-only. Other errors (PostgreSQL, a corrupt file) pass unchanged.
 */
export function explainSqliteError(error: unknown, file: string): unknown {
  const dir = dirname(file);
  const problem = fileProblem(file, dir);
  if (!problem) return error;
  return new CollectorStartError(`cannot open the SQLite database ${file}: ${problem}`, 'db', { cause: error });
}

function fileProblem(file: string, dir: string): string | undefined {
  const directory = statOf(dir);
  if (!directory) return `the directory ${dir} does not exist`;
  if (!directory.isDirectory()) return `${dir} is not a directory`;
  const existing = statOf(file);
  if (existing?.isDirectory()) return 'that path is a directory';
  if (!canWrite(dir)) return `the directory ${dir} is not writable by this user (SQLite writes its journal beside the file)`;
  if (existing && !canWrite(file)) return 'the file is not writable by this user';
  return undefined;
}

const statOf = (path: string) => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

const canWrite = (path: string) => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};
