import pg from "pg";
import { randomBytes } from "node:crypto";

/** The machine's PostgreSQL (trust auth); every test run works in a database of its own that it drops. */
export const TEST_POSTGRES_URL = process.env.ESSD_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const TEST_REDIS_URL = process.env.ESSD_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/** One short-lived connection to `url` for `work` (tests look at the database as another client would). */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const admin = <T>(work: (client: pg.Client) => Promise<T>) => withClient(TEST_POSTGRES_URL, work);

export interface TestDatabase {
  url: string;
  name: string;
  /** The rows of one statement, on a connection of its own. */
  query(text: string, values?: unknown[]): Promise<any[]>;
  /** A fresh schema of this database (cheap isolation per test). */
  freshSchema(): Promise<string>;
  /** Cuts every connection other sessions hold to this database (an outage as clients see it). */
  terminateConnections(): Promise<number>;
  drop(): Promise<void>;
}

export async function createTestDatabase(label = "essd"): Promise<TestDatabase> {
  const name = `${label}_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = withDatabase(TEST_POSTGRES_URL, name);
  let schemas = 0;
  return {
    url,
    name,
    query: (text, values = []) => withClient(url, async (c) => (await c.query(text, values)).rows),
    async freshSchema() {
      const schema = `s${++schemas}`;
      await withClient(url, (c) => c.query(`create schema ${schema}`));
      return schema;
    },
    async terminateConnections() {
      const result = await admin((c) => c.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [name]));
      return result.rowCount ?? 0;
    },
    async drop() {
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
