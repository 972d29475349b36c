/** What the CLI needs from its process; tests pass their own. */
export interface CliIo {
  /** Prints a line of normal output. */
  out(line: string): void;
  /** Prints a line of diagnostics. */
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether `out` and `err` may be coloured (a terminal, no `NO_COLOR`); no colour when absent. */
  colour?: { out: boolean; err: boolean } | undefined;
  /** Resolves once the process is asked to stop (SIGINT/SIGTERM), with the signal's name. */
  untilShutdown(): Promise<string>;
}
