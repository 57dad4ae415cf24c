import { CompiledQuery, type Kysely } from "kysely";
import type pgModule from "pg";
import { heldLock, lockSettingOf, MaintenanceLockedError, parseHolder } from "./maintenance-lock.ts";
import type { MaintenanceLocks, MaintenanceLockState, Store } from "./ports.ts";
import type { Database } from "./schema.ts";

/** The advisory locks' first key, "essd" in ASCII; the second is the lock's name hashed with the schema. */
const LOCK_CLASS = 0x65737364;

/** The advisory lock's second key for the lock named by parameter `$2`: one expression for taking it and for finding its holder. */
const LOCK_KEY = "(hashtext(coalesce(current_schema(), '') || '/' || $2) & 2147483647)";

/**
 * PostgreSQL's locks: a session-level advisory lock on a connection of the holder's own, beside the holder's row in
 * `settings` (who, from where, since when, and that session's backend pid). The advisory lock is what excludes a
 * second taker; the row only names the holder. PostgreSQL drops the advisory lock when the session ends, so a
 * holder that died (killed, its machine gone: the session's TCP keepalives notice within about half a minute) left
 * a row no session vouches for: `stale`, taken over by the next taker, with no clock involved. A session cut while
 * its holder still runs makes the holder stop at its next confirm() (the session's loss, or the row rewritten).
 */
export function postgresMaintenanceLocks(store: Store, db: Kysely<Database>, openSession: (purpose: string) => pgModule.Client): MaintenanceLocks {
  const raw = db.withoutPlugins();

  /** The backend pid holding lock `name`'s advisory lock in this database, if any session holds it. */
  const sessionHolding = async (name: string): Promise<number | undefined> => {
    const { rows } = await raw.executeQuery<{ pid: number }>(
      CompiledQuery.raw(
        `select l.pid from pg_locks l
         where l.locktype = 'advisory' and l.granted and l.objsubid = 2
           and l.database = (select oid from pg_database where datname = current_database())
           and l.classid = $1::int::oid and l.objid = ${LOCK_KEY}::oid`,
        [LOCK_CLASS, name],
      ),
    );
    return rows[0]?.pid;
  };

  const inspect = async (name: string): Promise<MaintenanceLockState> => {
    const text = await store.getSetting(lockSettingOf(name));
    const holder = text === undefined ? undefined : parseHolder(text);
    const session = await sessionHolding(name);
    if (session !== undefined) return { state: "held", holder: holder?.session === session ? holder : undefined };
    // A row no session vouches for: its holder's session ended. One that names nobody is as dead.
    if (text === undefined) return { state: "free" };
    return { state: "stale", holder };
  };

  return {
    async take(name, request) {
      const session = openSession(request.purpose);
      let lost: string | undefined;
      session.on("error", (error) => (lost ??= error.message));
      session.on("end", () => (lost ??= "its connection ended"));
      try {
        await session.connect();
        // A holder's machine that vanishes without closing its connection is noticed by these keepalives; an
        // idle-session limit must not end a session that is idle by design.
        await session.query("set tcp_keepalives_idle = 10; set tcp_keepalives_interval = 5; set tcp_keepalives_count = 3; set idle_session_timeout = 0");
        const { rows } = await session.query<{ got: boolean; session: number }>(
          `select pg_try_advisory_lock($1::int, ${LOCK_KEY}) as got, pg_backend_pid() as session`,
          [LOCK_CLASS, name],
        );
        if (!rows[0]!.got) {
          const found = await inspect(name);
          throw new MaintenanceLockedError(name, found.state === "held" ? found : { state: "held", holder: undefined });
        }
        const holder = { ...request, session: rows[0]!.session };
        const text = JSON.stringify(holder);
        await store.replaceSetting(lockSettingOf(name), text);
        return heldLock(store, name, holder, text, { lost: () => lost, end: () => session.end().catch(() => {}) });
      } catch (error) {
        await session.end().catch(() => {});
        throw error;
      }
    },
    inspect,
  };
}
