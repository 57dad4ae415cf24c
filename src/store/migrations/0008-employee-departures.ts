import type { Kysely, Migration } from "kysely";

/** Who took over a departed employee's work (DeleteIntegrationEmployees' ReceiveUserId / ReceiveOpenId). */
export const m0008_employee_departures: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable("employees").addColumn("receiver_id", "text").execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable("employees").dropColumn("receiver_id").execute();
  },
};
