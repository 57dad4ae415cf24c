import type { Selectable } from "kysely";
import type { Database } from "./schema.ts";
import type { ApiKeyRecord, EmployeeRecord, OrganizationRecord } from "./ports.ts";

/** Row → record mappers: column names to the port's names, and every number read as a number on both backends. */
export const toOrganization = (row: Selectable<Database["organizations"]>): OrganizationRecord => ({
  id: row.id,
  name: row.name,
  parentId: row.parent_id,
  createdAt: Number(row.created_at),
});

export const toApiKey = (row: Selectable<Database["api_keys"]>): ApiKeyRecord => ({
  secretId: row.secret_id,
  organizationId: row.organization_id,
  secretKeySealed: row.secret_key_sealed,
  status: row.status === "revoked" ? "revoked" : "active",
  createdAt: Number(row.created_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

export const toEmployee = (row: Selectable<Database["employees"]>, roleIds: string[]): EmployeeRecord => ({
  id: row.id,
  organizationId: row.organization_id,
  displayName: row.display_name,
  mobileSealed: row.mobile_sealed,
  mobileHash: row.mobile_hash,
  email: row.email,
  openId: row.open_id,
  weworkOpenId: row.wework_open_id,
  departmentId: row.department_id,
  departmentName: row.department_name,
  verified: Number(row.verified) === 1,
  verifiedAt: row.verified_at === null ? null : Number(row.verified_at),
  quit: Number(row.quit) === 1,
  createdAt: Number(row.created_at),
  roleIds,
});
