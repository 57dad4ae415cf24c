import { sql, type Kysely } from "kysely";
import { atomically, type QueryContext } from "../query-context.ts";
import type { SandboxResetStore } from "../ports.ts";
import type { Database } from "../schema.ts";
import { rowsChanged } from "../sql-idioms.ts";

/** What the sandbox's reset forgets of one organization, across the tables that hold it. */
export const sandboxReset = ({ db }: QueryContext) =>
  ({
    deleteRegistrationData: (organizationId) =>
      atomically(db, async (db) => {
        const flows = await deleteRowsOf(db, "auth_flows", organizationId);
        const tasks = await deleteRowsOf(db, "registration_tasks", organizationId);
        const links = await deleteRowsOf(db, "links", organizationId);
        return { tasks, flows, links };
      }),
    deleteHumanStepData: (organizationId) =>
      atomically(db, async (db) => {
        const smsMessages = await deleteRowsOf(db, "sms_messages", organizationId);
        const faults = await deleteRowsOf(db, "sandbox_faults", organizationId);
        await deleteRowsOf(db, "review_policies", organizationId);
        // Code checks keyed by link go with the organization's links (before the links themselves do); those of
        // the mobile pages are keyed by a hash of link and mobile, and found by the owner they record.
        await db
          .deleteFrom("link_verifications")
          .where((eb) => eb.or([eb("organizationId", "=", organizationId), eb("linkCode", "in", eb.selectFrom("links").select("code").where("organizationId", "=", organizationId))]))
          .execute();
        return { smsMessages, faults };
      }),
    deleteTenantActivity: (organizationId) =>
      atomically(db, async (db) => {
        const initializations = await deleteRowsOf(db, "initializations", organizationId);
        const organizationChanges = await deleteRowsOf(db, "organization_changes", organizationId);
        await db
          .deleteFrom("callback_attempts")
          .where("deliveryId", "in", (eb) => eb.selectFrom("callback_deliveries").select("id").where("organizationId", "=", organizationId))
          .execute();
        const callbackDeliveries = await deleteRowsOf(db, "callback_deliveries", organizationId);
        // The tenant's counters: its daily quotas (src/domain/registration/tasks.ts, employees.ts, employee-updates.ts)
        // and the wrong-amount count of each of its flows (src/domain/authorization/flows.ts), while the flows exist.
        await db
          .deleteFrom("quota_counters")
          .where((eb) =>
            eb.or([
              eb("key", "like", `registrations:${organizationId}:%`),
              eb("key", "like", `employee-invitation:${organizationId}:%`),
              eb("key", "in", eb.selectFrom("auth_flows").select(sql<string>`'bank-amount-wrong:' || id`.as("key")).where("organizationId", "=", organizationId)),
            ]),
          )
          .execute();
        const openIdBindings = rowsChanged(await db.updateTable("employees").set({ openId: "" }).where("organizationId", "=", organizationId).where("openId", "!=", "").executeTakeFirst());
        return { initializations, organizationChanges, callbackDeliveries, openIdBindings };
      }),
  }) satisfies SandboxResetStore;

type OrganizationTable = "auth_flows" | "registration_tasks" | "links" | "sms_messages" | "sandbox_faults" | "review_policies" | "initializations" | "organization_changes" | "callback_deliveries";

const deleteRowsOf = async (db: Kysely<Database>, table: OrganizationTable, organizationId: string): Promise<number> =>
  rowsChanged(await db.deleteFrom(table).where("organizationId", "=", organizationId).executeTakeFirst());
