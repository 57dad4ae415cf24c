import type pgModule from "pg";

/**
 * Why the pool's clients hand rows over in an array of their own.
 *
 * pg collects a query's rows in `result.rows`, an array made by one `[]` in its Result constructor. Under load V8
 * decides to allocate that literal's arrays directly in the old generation (allocation-site pretenuring: measured
 * on this stack, nine of ten such arrays old after warm-up), while the rows, their strings and the array's backing
 * store are young. An old array is freed only by a full mark-compact, and until then the scavenger treats what it
 * points to as alive: every row and string of every query survived two scavenges and was promoted, about 1 MB per
 * scavenge in the PostgreSQL scenarios, so the old generation grew by three times the live heap between
 * mark-compacts (peak RSS 228–244 MB against 150 MB on SQLite). Emptying pg's array once the query has answered
 * leaves the old array pointing at nothing: the rows die young, as the same rows do on SQLite.
 */
export function detachRows<R extends { rows?: unknown[] } | undefined>(result: R | R[]): R | R[] {
  if (Array.isArray(result)) for (const one of result) detachOne(one);
  else detachOne(result);
  return result;
}

function detachOne(result: { rows?: unknown[] } | undefined): void {
  // splice(0) hands the rows to a new (young) array and leaves pg's empty, in one pass.
  if (result?.rows?.length) result.rows = result.rows.splice(0);
}

type ClientClass = typeof pgModule.Client;

const made = new WeakMap<ClientClass, ClientClass>();

/**
 * pg's Client whose promise-returning `query` answers with the rows detached (`detachRows`); queries given a
 * callback or a Submittable (cursors, streams) are left as pg runs them. Made once per pg module.
 */
export function rowsDetachingClient(pg: typeof pgModule): ClientClass {
  let Client = made.get(pg.Client);
  if (!Client) {
    class RowsDetachingClient extends pg.Client {
      // pg's overloads cannot be restated one by one; the override keeps every one of them by passing through.
      override query(...args: unknown[]): never {
        const answer = (super.query as (...a: unknown[]) => unknown)(...args);
        return (answer instanceof Promise ? answer.then(detachRows) : answer) as never;
      }
    }
    Client = RowsDetachingClient;
    made.set(pg.Client, Client);
  }
  return Client;
}
