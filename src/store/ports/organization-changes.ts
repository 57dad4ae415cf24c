/** Changes made through CreateOrganizationInfoChangeUrl's links (超管变更, 企业基础信息变更). */

/** done: a super-admin handed over; reviewing → approved | rejected: base information; failed: the registry refused it. */
export type OrganizationChangeState = "done" | "reviewing" | "approved" | "rejected" | "failed";

export interface OrganizationChangeRecord {
  id: string;
  /** The tenant that created the link. */
  organizationId: string;
  /** The enterprise whose information changes. */
  targetOrganizationId: string;
  linkCode: string;
  /** 1 super-admin, 2 base information (the action's ChangeType). */
  changeType: 1 | 2;
  state: OrganizationChangeState;
  /** The enterprise's name when the change was made, and the name it asked for (the same for a super-admin change). */
  oldName: string;
  newName: string;
  /** Never changed through the link: the code the registry checked the new name against. */
  creditCode: string;
  legalName: string;
  address: string;
  oldAdminId: string | null;
  newAdminId: string | null;
  /** Why it was rejected or failed. */
  reason: string;
  createdAt: number;
  updatedAt: number;
}

export type OrganizationChangeDecision = Pick<OrganizationChangeRecord, "state" | "reason" | "updatedAt">;

export interface OrganizationChangeStore {
  /** Stores a change; false (nothing stored) for one under review when another of the same enterprise already is. */
  insertOrganizationChange(change: OrganizationChangeRecord): Promise<boolean>;
  getOrganizationChange(id: string): Promise<OrganizationChangeRecord | undefined>;
  /** Decides a change still awaiting review; false when it no longer was (another reviewer or node decided first). */
  decideOrganizationChange(id: string, decision: OrganizationChangeDecision): Promise<boolean>;
  /** A tenant's changes, newest first; `linkCode` narrows them to one link. */
  listOrganizationChanges(organizationId: string, filter: { linkCode?: string; limit: number }): Promise<OrganizationChangeRecord[]>;
  /** Every tenant's changes awaiting review, longest waiting first. */
  listOrganizationChangesAwaitingReview(limit: number): Promise<OrganizationChangeRecord[]>;
  /** The enterprise's latest approved base-information change, if any: one row read, backwards in an index (migration 0028). */
  findLastApprovedOrganizationChange(targetOrganizationId: string): Promise<OrganizationChangeRecord | undefined>;
  /** Approved changes that gave an enterprise one of these names (as typed), oldest first. */
  findApprovedOrganizationChangesByName(names: string[]): Promise<OrganizationChangeRecord[]>;
  /** The enterprise's change awaiting review, if one is. */
  findPendingOrganizationChange(targetOrganizationId: string): Promise<OrganizationChangeRecord | undefined>;
}
