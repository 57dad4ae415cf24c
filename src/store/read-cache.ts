/**
 * Keeps the rows every API call reads — its key, organization, operator and the tenant's injected faults — in
 * memory, so a call costs no query before its action runs; and the links every redirect and QR image reads (found
 * ones only: a link issued on another node must be found at once, and inserts notify nobody). Correct across
 * nodes, with a stated bound:
 *  - a change made on this node is seen by its next call (the write-watch plugin flushes as the row is written);
 *  - a change made on another node (PostgreSQL) is seen once its NOTIFY arrives, i.e. when its transaction commits
 *    plus the notification's trip (milliseconds); while the LISTEN connection is down nothing is cached;
 *  - a change made by another process on the SQLite file (the CLI) is seen by the next call (data_version is
 *    checked before the first answer after a call arrives, and once per turn of the event loop otherwise);
 *    for links, within SQLITE_FOREIGN_WRITE_POLL_MS (200 ms): no essd command other than the server changes or
 *    removes a link (a sandbox reset runs in the server, heard by the write watch), and the check cost a redirect
 *    a sixth of its CPU and a QR image a third;
 *  - whatever else happens, an entry is never older than READ_CACHE_TTL_MS.
 * Any change to a cached table flushes everything: such writes are rare next to the reads.
 */
import type { ChangeSource } from "./change-feed.ts";
import type { Store } from "./ports.ts";

export const READ_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
/** Links are looked up by whoever holds a URL: a bound of their own, so a crawl cannot evict the API's rows. */
const MAX_LINK_ENTRIES = 10_000;

export interface ReadCacheOptions {
  ttlMs?: number;
  /** Monotonic milliseconds; tests pass their own. */
  now?: () => number;
}

class ReadCache {
  private generation = 0;
  private readonly entries = new Map<string, { value: unknown; at: number }>();

  constructor(
    private readonly source: ChangeSource,
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = MAX_ENTRIES,
    /** Whether each answer first looks for another process's commits (SQLite's data_version), or leaves that to the poll. */
    private readonly checksEachCall = true,
  ) {
    source.subscribe(() => {
      this.generation++;
      this.entries.clear();
    });
  }

  /** `keep` says whether a loaded value may be kept (by default every value, misses too). */
  async get<T>(key: string, load: () => Promise<T>, keep?: (value: T) => boolean): Promise<T> {
    if (!this.source.live) return load();
    if (this.checksEachCall) this.source.refresh?.();
    const hit = this.entries.get(key);
    const now = this.now();
    if (hit && now - hit.at < this.ttlMs) return hit.value as T;
    const generation = this.generation;
    const value = await load();
    // A change heard while loading may postdate what was read: keep nothing then.
    if (generation === this.generation && this.source.live && (!keep || keep(value))) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { value, at: now });
    }
    return value;
  }
}

/** The store with its hot-path lookups cached; a store without a change source is returned as it is. */
export function withReadCache(store: Store, options: ReadCacheOptions = {}): Store {
  if (!store.changes) return store;
  const ttlMs = options.ttlMs ?? READ_CACHE_TTL_MS;
  const now = options.now ?? (() => performance.now());
  const cache = new ReadCache(store.changes, ttlMs, now);
  const links = new ReadCache(store.changes, ttlMs, now, MAX_LINK_ENTRIES, false);
  return {
    ...store,
    getApiKey: (secretId) => cache.get(`key\0${secretId}`, () => store.getApiKey(secretId)),
    getOrganization: (id) => cache.get(`org\0${id}`, () => store.getOrganization(id)),
    getEmployee: (userId) => cache.get(`employee\0${userId}`, () => store.getEmployee(userId)),
    findSandboxFaults: (organizationId, kind, targets) =>
      cache.get(`faults\0${organizationId}\0${kind}\0${targets.join("\0")}`, () => store.findSandboxFaults(organizationId, kind, targets)),
    // A link's row never changes once written; it is removed by a sandbox reset (heard as a DELETE). Expiry is
    // decided by its reader against the clock, so a cached link expires on time. Shared by every reader: frozen.
    getLink: (code) =>
      links.get(
        `link\0${code}`,
        async () => frozen(await store.getLink(code)),
        (link) => link !== undefined,
      ),
    // The pair in one entry: a redirect costs one lookup (and one data_version check), not two.
    getAliasedLink: (code) =>
      links.get(
        `alias\0${code}`,
        async () => {
          const found = await store.getAliasedLink(code);
          return found && Object.freeze({ alias: frozen(found.alias), link: frozen(found.link) });
        },
        (found) => found?.link !== undefined,
      ),
  };
}

function frozen<T extends { target: object } | undefined>(record: T): T {
  if (record) Object.freeze(Object.freeze(record).target);
  return record;
}
