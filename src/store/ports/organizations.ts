/** Organizations (tenants and the enterprises verified under them) and their roles. */

export interface OrganizationRecord {
  id: string;
  name: string;
  parentId: string | null;
  createdAt: number;
}

export interface RoleRecord {
  id: string;
  organizationId: string;
  name: string;
}

export interface OrganizationStore {
  insertOrganization(org: OrganizationRecord, roles: RoleRecord[]): Promise<void>;
  getOrganization(id: string): Promise<OrganizationRecord | undefined>;
  listOrganizations(): Promise<OrganizationRecord[]>;
  listRoles(organizationId: string): Promise<RoleRecord[]>;
}
