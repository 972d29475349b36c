/**
 * The process's limit on open files, which is also its limit on connections: each socket is a file descriptor.
 * Past it, `accept` fails and every new client is reset, the healthy ones included.
 */
import { readFileSync } from 'node:fs';

/**
 * The soft limit on open files (what `ulimit -n` shows), or undefined where it cannot be read (outside Linux).
 * Node raises the soft limit to the hard one at start, so this is the number that applies.
 */
export function openFileLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
