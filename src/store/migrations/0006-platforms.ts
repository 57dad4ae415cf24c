import type { Kysely, Migration } from "kysely";

/**
 * Platforms (第三方平台, the essbasic service's callers), their applications, and the ids a platform gives its
 * sub-enterprises and their operators (OpenIds), each scoped to one application: two applications may use the same
 * OpenId strings for different enterprises. An API key that belongs to an application signs essbasic calls only.
 */
export const m0006_platforms: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("platforms")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();

    // Each application owns an organization row of its own: the owner of its flows, links, callback receiver,
    // sandbox faults and rate limits, exactly as an enterprise tenant owns its own.
    await db.schema
      .createTable("applications")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("platform_id", "text", (c) => c.notNull())
      .addColumn("organization_id", "text", (c) => c.notNull().unique())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("applications_by_platform").on("applications").columns(["platform_id", "created_at"]).execute();

    await db.schema.alterTable("api_keys").addColumn("application_id", "text").execute();

    await db.schema
      .createTable("proxy_organizations")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("application_id", "text", (c) => c.notNull())
      .addColumn("open_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("credit_code", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("legal_name", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("address", "text", (c) => c.notNull().defaultTo(""))
      // The authorization flow the sub-enterprise's activation runs in, once a console link started one.
      .addColumn("flow_id", "text")
      // The organization it became once verified (激活).
      .addColumn("organization_id", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("proxy_organizations_by_open_id").on("proxy_organizations").columns(["application_id", "open_id"]).unique().execute();
    await db.schema.createIndex("proxy_organizations_by_flow").on("proxy_organizations").column("flow_id").execute();

    await db.schema
      .createTable("proxy_operators")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("application_id", "text", (c) => c.notNull())
      .addColumn("organization_open_id", "text", (c) => c.notNull())
      .addColumn("open_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("mobile_sealed", "text")
      .addColumn("mobile_hash", "text")
      .addColumn("id_card_type", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("id_card_sealed", "text")
      .addColumn("default_role", "text", (c) => c.notNull().defaultTo(""))
      // active | resigned (a resigned operator's OpenId may be created again, from nothing).
      .addColumn("status", "text", (c) => c.notNull())
      // The employee it is in the verified organization, once it joined.
      .addColumn("employee_id", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("proxy_operators_by_open_id")
      .on("proxy_operators")
      .columns(["application_id", "organization_open_id", "open_id"])
      .unique()
      .execute();
    await db.schema.createIndex("proxy_operators_by_employee").on("proxy_operators").column("employee_id").execute();
  },
  async down(db: Kysely<any>) {
    for (const table of ["proxy_operators", "proxy_organizations", "applications", "platforms"]) await db.schema.dropTable(table).ifExists().execute();
    await db.schema.alterTable("api_keys").dropColumn("application_id").execute();
  },
};
