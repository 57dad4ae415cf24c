/** Organizations (tenants and the enterprises verified under them) and their roles. */

export interface OrganizationRecord {
  id: string;
  name: string;
  /** The group (main enterprise) this organization belongs to, if any: membership lets the group act for it. */
  parentId: string | null;
  createdAt: number;
  /** The unified social credit code, known for enterprises verified through essd. */
  creditCode: string | null;
  /** When the organization joined its group (created in it, or joined through an invitation link). */
  groupJoinedAt: number | null;
}

export interface RoleRecord {
  id: string;
  organizationId: string;
  name: string;
}

export interface OrganizationStore {
  insertOrganization(org: OrganizationRecord, roles: RoleRecord[]): Promise<void>;
  getOrganization(id: string): Promise<OrganizationRecord | undefined>;
  /** Every organization, oldest first; only the first `limit` when given (read in an index's order, migration 0021). */
  listOrganizations(limit?: number): Promise<OrganizationRecord[]>;
  listRoles(organizationId: string): Promise<RoleRecord[]>;
  /** A group's member organizations (not the group itself), in the order they joined. */
  listGroupMembers(groupId: string): Promise<OrganizationRecord[]>;
  /** Whether any organization is a member of `groupId`: one row read, however many there are. */
  hasGroupMembers(groupId: string): Promise<boolean>;
  /**
   * Makes `organizationId` a member of `groupId` at `at`, only if it is in no group yet and is no group itself
   * (has no members): false when it already was, or another request joined it first.
   */
  joinGroup(organizationId: string, groupId: string, at: number): Promise<boolean>;
  /** Gives the organization its new name (an approved base-information change). */
  renameOrganization(id: string, name: string): Promise<void>;
  /**
   * The oldest `limit` organizations verified with this unified social credit code, oldest first: each ess
   * verification of an enterprise is an organization of its own, so a code may have any number (migration 0023).
   */
  findOrganizationsByCreditCode(creditCode: string, limit: number): Promise<OrganizationRecord[]>;
}
