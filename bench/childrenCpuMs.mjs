// CPU time of this process's descendants (Chromium, when the benchmark launched it), for the benchmarks that
// compare the browser's work with the collector's. Linux only: read from /proc.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_MS = 100 / 1000; // USER_HZ: Linux reports process times in hundredths of a second.

/** CPU milliseconds (user + system) of every process descended from this one; 0 where /proc cannot be read. */
export const childrenCpuMs = () => {
  try {
    const stats = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map((pid) => {
        try {
          // Fields after the command name: state ppid … utime (14th) stime (15th).
          const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
          return { pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
        } catch {
          return undefined;
        }
      })
      .filter(Boolean);
    const mine = new Set([process.pid]);
    let ticks = 0;
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of stats) if (!mine.has(p.pid) && mine.has(p.ppid)) mine.add(p.pid), (ticks += p.ticks), (grew = true);
    }
    return ticks / TICKS_PER_MS;
  } catch {
    return 0;
  }
};
