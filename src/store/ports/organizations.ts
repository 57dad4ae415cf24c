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

/** Which of a group's members a page holds (DescribeOrganizationGroupOrganizations' filters). */
export interface GroupMemberQuery {
  /** Only members whose name holds this text, exactly (case and all); empty or absent: every name. */
  nameContains?: string;
  /** Only the member with this id. */
  id?: string;
  offset: number;
  /** 0 answers the total alone. */
  limit: number;
}

export interface OrganizationStore {
  insertOrganization(org: OrganizationRecord, roles: RoleRecord[]): Promise<void>;
  getOrganization(id: string): Promise<OrganizationRecord | undefined>;
  /** Every organization, oldest first; only the first `limit` when given (read in an index's order, migration 0021). */
  listOrganizations(limit?: number): Promise<OrganizationRecord[]>;
  /**
   * The oldest `limit` organizations that are not a platform application's own (the enterprises that call ess), in
   * an index's order, and how many there are: counted only when there are `limit` or more.
   */
  listTenantOrganizations(limit: number): Promise<{ rows: OrganizationRecord[]; total: number }>;
  listRoles(organizationId: string): Promise<RoleRecord[]>;
  /**
   * One page of a group's members in the order they joined, and how many match, all pages together: read in an
   * index's order (migration 0028), so a group with many members is never read whole for a page.
   */
  pageGroupMembers(groupId: string, query: GroupMemberQuery): Promise<{ rows: OrganizationRecord[]; total: number }>;
  /** How many members a group has (the index's rows for the group, no table read). */
  countGroupMembers(groupId: string): Promise<number>;
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
