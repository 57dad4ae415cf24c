import type { Kysely, Migration } from "kysely";

/**
 * DescribeChannelOrganizations pages an application's sub-enterprises oldest first in the query; this index serves
 * that order within one application, so a page never sorts every sub-enterprise of the installation.
 */
export const m0011_proxy_organization_pages: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex("proxy_organizations_by_age").on("proxy_organizations").columns(["application_id", "created_at", "id"]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex("proxy_organizations_by_age").ifExists().execute();
  },
};
