import type { CliIo } from '../../src/cli/main';

/** A CLI io that records output and stops `serve` or `preview` when the test calls `stop()`. */
export function testIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let stop: (signal: string) => void = () => {};
  let onLine: () => void = () => {};
  const io: CliIo = {
    out: (line) => {
      out.push(line);
      onLine();
    },
    err: (line) => {
      err.push(line);
      onLine();
    },
    env,
    untilShutdown: () => new Promise((resolve) => (stop = resolve)),
  };
  /** Resolves with the first output line matching `pattern`. */
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      onLine = () => {
        for (const line of out) {
          const match = pattern.exec(line);
          if (match) return resolve(match);
        }
        if (err.length) reject(new Error(err.join('\n')));
      };
      onLine();
    });
  return { io, out, err, waitFor, stop: (signal = 'SIGTERM') => stop(signal) };
}
