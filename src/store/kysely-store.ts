import { CamelCasePlugin, Kysely, Migrator, type Dialect } from "kysely";
import { ChangeFeed, WriteWatchPlugin } from "./change-feed.ts";
import { migrations } from "./migrations/index.ts";
import type { Store } from "./ports.ts";
import type { DialectTraits, QueryContext } from "./query-context.ts";
import type { Database } from "./schema.ts";
import { apiKeys } from "./tables/api-keys.ts";
import { authFlows } from "./tables/auth-flows.ts";
import { blobs } from "./tables/blobs.ts";
import { callbacks } from "./tables/callbacks.ts";
import { employees } from "./tables/employees.ts";
import { initializations } from "./tables/initializations.ts";
import { linkVerifications } from "./tables/link-verifications.ts";
import { links } from "./tables/links.ts";
import { organizations } from "./tables/organizations.ts";
import { platforms } from "./tables/platforms.ts";
import { quotaCounters } from "./tables/quota-counters.ts";
import { registrationTasks } from "./tables/registration-tasks.ts";
import { reviewPolicies } from "./tables/review-policies.ts";
import { sandboxFaults } from "./tables/sandbox-faults.ts";
import { sandboxReset } from "./tables/sandbox-reset.ts";
import { settings } from "./tables/settings.ts";
import { smsMessages } from "./tables/sms-messages.ts";
import { workQueues } from "./tables/work-queues.ts";
import type { PoolUsage } from "./ports.ts";

/** The store both backends are: the Store port, plus the query builder for whole-store tooling. */
export interface KyselyStore extends Store {
  /** For `essd store copy` and its checks; application code uses the Store's verbs. */
  readonly kysely: Kysely<Database>;
}

/**
 * The dialect-neutral store; the SQLite and PostgreSQL adapters only supply the dialect (the connection) and its
 * traits. Queries name columns as the records do (`schema.ts`); Kysely's CamelCasePlugin maps them to SQL's.
 */
export function openKyselyStore(dialect: Dialect, traits: DialectTraits, changes = new ChangeFeed(), poolUsage: () => PoolUsage | undefined = () => undefined): KyselyStore {
  const observed: Observed = { poolUsage };
  const db = new Kysely<Database>({
    dialect,
    plugins: [new CamelCasePlugin(), new WriteWatchPlugin(changes)],
    // Kysely times every query it runs (transactions' too) once a log function is given.
    log: (event) => observed.onQuery?.(event.queryDurationMillis),
  });
  const store = storeOver(db, traits, observed, async () => {
    changes.close();
    await db.destroy();
  });
  return Object.assign(store, { changes });
}

/** What the store reports about itself, shared by the store and the stores of its transactions. */
interface Observed {
  onQuery?: (ms: number) => void;
  poolUsage: () => PoolUsage | undefined;
}

/** Every table module of `tables/` over one connection or transaction. */
function storeOver(db: Kysely<Database>, traits: DialectTraits, observed: Observed, onClose: () => Promise<void>): KyselyStore {
  const context: QueryContext = { db, traits };
  const store: KyselyStore = {
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

    kysely: db,
    async migrate() {
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
    isUnavailable: (error) => traits.isUnavailable(error),
    close: onClose,
    transaction: (work) => (db.isTransaction ? work(store) : db.transaction().execute((trx) => work(storeOver(trx, traits, observed, async () => {})))),
    observeQueries(observer) {
      observed.onQuery = observer;
    },
    poolUsage: () => observed.poolUsage(),
  };
  return store;
}
