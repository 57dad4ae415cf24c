import type { Command } from "commander";
import { createTenant } from "../domain/tenants.ts";
import { registerCallbackCommands } from "./callbacks.ts";
import { printJson, withDomain } from "./common.ts";
import { withStoreOptions } from "./options.ts";

export function registerTenantCommands(program: Command): void {
  const tenant = program.command("tenant").description("manage organizations (tenants) and their credentials");

  withStoreOptions(
    tenant
      .command("create")
      .description("create an organization with a verified super-admin operator and an API key pair")
      .requiredOption("--name <name>", "organization name, e.g. 示例科技有限公司")
      .option("--parent <orgId>", "make it a sub-enterprise of this group organization (for Agent.ProxyOrganizationId)")
      .option("--json", "print one JSON object {OrganizationId, OrganizationName, OperatorUserId, SecretId, SecretKey}"),
  ).action(async (flags) => {
    const created = await withDomain(flags, (deps) => createTenant(deps, { name: flags.name, parentId: flags.parent }));
    if (flags.json) process.stdout.write(`${JSON.stringify(created)}\n`);
    else printJson(created);
  });

  withStoreOptions(tenant.command("list").description("list organizations with their group and key ids").option("--json", "print JSON")).action(async (flags) => {
    const rows = await withDomain(flags, async (deps) => {
      const [orgs, keys] = await Promise.all([deps.store.listOrganizations(), deps.store.listApiKeys()]);
      return orgs.map((o) => ({
        OrganizationId: o.id,
        OrganizationName: o.name,
        ParentOrganizationId: o.parentId,
        CreatedOn: Math.floor(o.createdAt / 1000),
        SecretIds: keys.filter((k) => k.organizationId === o.id && k.status === "active").map((k) => k.secretId),
      }));
    });
    if (flags.json) printJson(rows);
    else for (const r of rows) process.stdout.write(`${r.OrganizationId}  ${r.OrganizationName}${r.ParentOrganizationId ? `  (group ${r.ParentOrganizationId})` : ""}  keys: ${r.SecretIds.join(", ") || "-"}\n`);
  });

  registerCallbackCommands(tenant);
}
