import type { Kysely } from "kysely";
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
        // Code checks are keyed by link: those of the organization's links go too (before the links themselves do).
        await db
          .deleteFrom("link_verifications")
          .where("linkCode", "in", (eb) => eb.selectFrom("links").select("code").where("organizationId", "=", organizationId))
          .execute();
        return { smsMessages, faults };
      }),
  }) satisfies SandboxResetStore;

type OrganizationTable = "auth_flows" | "registration_tasks" | "links" | "sms_messages" | "sandbox_faults" | "review_policies";

const deleteRowsOf = async (db: Kysely<Database>, table: OrganizationTable, organizationId: string): Promise<number> =>
  rowsChanged(await db.deleteFrom(table).where("organizationId", "=", organizationId).executeTakeFirst());
