import { DEFAULT_MIGRATION_TABLE, Kysely, Migrator, type Dialect } from "kysely";
import { ChangeFeed, WriteWatchPlugin } from "./change-feed.ts";
import { recordNames } from "./record-names.ts";
import { migrations } from "./migrations/index.ts";
import type { Store } from "./ports.ts";
import type { DialectTraits, QueryContext } from "./query-context.ts";
import type { DirectReads } from "./sqlite-driver.ts";
import type { Database } from "./schema.ts";
import { apiKeys } from "./tables/api-keys.ts";
import { authFlows } from "./tables/auth-flows.ts";
import { blobs } from "./tables/blobs.ts";
import { callbacks } from "./tables/callbacks.ts";
import { employees } from "./tables/employees.ts";
import { initializations } from "./tables/initializations.ts";
import { organizationChanges } from "./tables/organization-changes.ts";
import { linkVerifications } from "./tables/link-verifications.ts";
import { links } from "./tables/links.ts";
import { organizations } from "./tables/organizations.ts";
import { platforms } from "./tables/platforms.ts";
import { quotaCounters } from "./tables/quota-counters.ts";
import { registrationTasks } from "./tables/registration-tasks.ts";
import { reviewPolicies } from "./tables/review-policies.ts";
import { sandboxFaults } from "./tables/sandbox-faults.ts";
import { sandboxReset } from "./tables/sandbox-reset.ts";
import { sealedValues } from "./tables/sealed-values.ts";
import { settings } from "./tables/settings.ts";
import { smsMessages } from "./tables/sms-messages.ts";
import { workQueues } from "./tables/work-queues.ts";
import type { PoolUsage, QueryObserver, WorkNotices } from "./ports.ts";

/** The store both backends are: the Store port, plus the query builder for whole-store tooling. */
export interface KyselyStore extends Store {
  /** For `essd store copy` and its checks; application code uses the Store's verbs. */
  readonly kysely: Kysely<Database>;
}

/**
 * The dialect-neutral store; the SQLite and PostgreSQL adapters only supply the dialect (the connection) and its
 * traits. Queries name columns as the records do (`schema.ts`); Kysely's CamelCasePlugin maps them to SQL's.
 */
export function openKyselyStore(
  dialect: Dialect,
  traits: DialectTraits,
  changes = new ChangeFeed(),
  poolUsage: () => PoolUsage | undefined = () => undefined,
  workNotices?: WorkNotices,
): KyselyStore {
  const observed: Observed = { poolUsage };
  const db = new Kysely<Database>({
    dialect,
    plugins: [recordNames, new WriteWatchPlugin(changes)],
    // Kysely times every query it runs (transactions' too) once a log function is given.
    log: (event) => observed.onQuery?.(event.queryDurationMillis, event.query),
  });
  const direct = (dialect as Partial<DirectReads>).readNow;
  // Timed like Kysely's own reads, for the query-latency metric.
  const readNow: QueryContext["readNow"] = direct
    ? (query, parameters) => {
        const started = performance.now();
        const rows = direct(query, parameters);
        // The statement as run: with this call's values, not the markers it was compiled over.
        if (rows && observed.onQuery) observed.onQuery(performance.now() - started, { ...query, parameters });
        return rows;
      }
    : undefined;
  const store = storeOver(db, traits, observed, async () => {
    changes.close();
    await db.destroy();
  }, undefined, readNow);
  return Object.assign(store, { changes, ...(workNotices ? { workNotices } : {}) });
}

/** What the store reports about itself, shared by the store and the stores of its transactions. */
interface Observed {
  onQuery?: QueryObserver;
  poolUsage: () => PoolUsage | undefined;
}

/** Every table module of `tables/`; each answers its verbs over one connection or transaction. */
const TABLE_MODULES = [
  settings,
  blobs,
  quotaCounters,
  organizations,
  employees,
  apiKeys,
  links,
  registrationTasks,
  authFlows,
  callbacks,
  smsMessages,
  linkVerifications,
  sandboxFaults,
  reviewPolicies,
  sandboxReset,
  platforms,
  workQueues,
  initializations,
  organizationChanges,
  sealedValues,
] as const;
type TableModule = (context: QueryContext) => object;

/** The Store's table verbs over one connection, typed: a verb of the port that no module defines fails to compile. */
const tablesOver = (context: QueryContext) => ({
  ...settings(context),
  ...blobs(context),
  ...quotaCounters(context),
  ...organizations(context),
  ...employees(context),
  ...apiKeys(context),
  ...links(context),
  ...registrationTasks(context),
  ...authFlows(context),
  ...callbacks(context),
  ...smsMessages(context),
  ...linkVerifications(context),
  ...sandboxFaults(context),
  ...reviewPolicies(context),
  ...sandboxReset(context),
  ...platforms(context),
  ...workQueues(context),
  ...initializations(context),
  ...organizationChanges(context),
  ...sealedValues(context),
});
type Tables = ReturnType<typeof tablesOver>;

/** Which module defines each verb. */
function verbModules(context: QueryContext): Map<string, TableModule> {
  const verbs = new Map<string, TableModule>();
  for (const module of TABLE_MODULES as readonly TableModule[]) {
    for (const verb of Object.keys(module(context))) {
      // One verb, one module: a second would make the lazily built stores depend on which verb came first.
      if (verbs.has(verb)) throw new Error(`two table modules define ${verb}`);
      verbs.set(verb, module);
    }
  }
  return verbs;
}

const CONTEXT = Symbol("query context");

/**
 * Whether the store has run exactly the migrations this build knows: one read of the migration table, where
 * Kysely's Migrator would introspect every table of the store first (≈ 3 % of a start's CPU). Anything else — a new
 * store, a pending migration, one this build does not know (a newer essd's) — goes through the Migrator, which
 * takes its lock, runs what is pending and refuses a store it cannot account for, as before.
 */
async function everyMigrationApplied(db: Kysely<Database>, traits: DialectTraits): Promise<boolean> {
  const { schema } = traits;
  if (traits.tableExists && !(await traits.tableExists(db, DEFAULT_MIGRATION_TABLE, schema))) return false;
  const loose = db.withoutPlugins() as unknown as Kysely<Record<string, { name: string }>>;
  try {
    const rows = await (schema ? loose.withSchema(schema) : loose).selectFrom(DEFAULT_MIGRATION_TABLE).select("name").execute();
    const applied = new Set(rows.map((row) => row.name));
    const known = Object.keys(migrations);
    return applied.size === known.length && known.every((name) => applied.has(name));
  } catch {
    return false; // no migration table yet: a new store
  }
}

/**
 * The table verbs of a transaction's store, built on first use: building all 18 modules (≈ 150 closures) for
 * every transaction cost ≈ 9 % of the CPU of a call that writes one link. A verb's getter builds its module over
 * the transaction and keeps the module's verbs as the store's own properties, so each is built once.
 */
function lazyTables(modules: ReadonlyMap<string, TableModule>): object {
  const prototype = {};
  for (const [verb, module] of modules) {
    Object.defineProperty(prototype, verb, {
      configurable: true,
      enumerable: true,
      get(this: { [CONTEXT]: QueryContext }) {
        const built = module(this[CONTEXT]) as Record<string, unknown>;
        for (const [name, value] of Object.entries(built)) Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
        return built[verb];
      },
    });
  }
  return prototype;
}

/** Every table module of `tables/` over one connection (eagerly) or transaction (lazily, see lazyTables). */
function storeOver(db: Kysely<Database>, traits: DialectTraits, observed: Observed, onClose: () => Promise<void>, lazy?: object, readNow?: QueryContext["readNow"]): KyselyStore {
  // A transaction's reads go through its own connection (Kysely): never readNow.
  const context: QueryContext = readNow ? { db, traits, readNow } : { db, traits };
  const tables: Tables = lazy ? (Object.create(lazy, { [CONTEXT]: { value: context } }) as Tables) : tablesOver(context);
  const transactionTables = lazy ?? lazyTables(verbModules(context));
  const store: KyselyStore = Object.assign(tables, {
    kysely: db,
    async migrate() {
      if (await everyMigrationApplied(db, traits)) return;
      const migrator = new Migrator({
        // Migrations name tables and columns as SQL does, so they run without the camel-case mapping.
        db: db.withoutPlugins(),
        provider: { getMigrations: async () => migrations },
        ...(traits.schema ? { migrationTableSchema: traits.schema } : {}),
      });
      const { error } = await migrator.migrateToLatest();
      if (error) throw error;
    },
    async ping() {
      await db.selectFrom("settings").select("key").limit(1).execute();
    },
    isUnavailable: (error: unknown) => traits.isUnavailable(error),
    close: onClose,
    transaction: <T>(work: (store: KyselyStore) => Promise<T>) =>
      db.isTransaction ? work(store) : db.transaction().execute((trx) => work(storeOver(trx, traits, observed, async () => {}, transactionTables))),
    observeQueries(observer: QueryObserver) {
      observed.onQuery = observer;
    },
    poolUsage: () => observed.poolUsage(),
  });
  return store;
}
