/**
 * Global setup of the node tests: a real PostgreSQL server for the PostgreSQL store. It uses
 * CP_TEST_PG_URL when set (.ci/run starts a server and sets it); otherwise it starts a throwaway cluster
 * from Debian's `postgresql` package. With neither, it fails with a clear message: it never skips.
 */
import type { TestProject } from 'vitest/node';
// @ts-expect-error: plain ESM helper without types
import { startTestPostgres, stopTestPostgres } from '../../scripts/testPostgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose role may create databases. */
    pgUrl: string;
  }
}

async function check(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(`PostgreSQL at CP_TEST_PG_URL is unreachable (${error instanceof Error ? error.message : String(error)}). Start it, or unset CP_TEST_PG_URL to let the tests start their own.`);
  } finally {
    await client.end().catch(() => {});
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.CP_TEST_PG_URL;
  if (given) {
    await check(given);
    project.provide('pgUrl', given);
    return () => {};
  }
  const { url, dir } = (await startTestPostgres()) as { url: string; dir: string };
  project.provide('pgUrl', url);
  return () => stopTestPostgres(dir);
}
