/**
 * Platforms (essbasic's callers), their applications, and the OpenIds an application gives its sub-enterprises
 * (子客企业) and their operators. Every lookup of an OpenId names the application: OpenIds are the platform's own
 * strings, so two applications may use the same ones for different enterprises.
 */

export interface PlatformRecord {
  id: string;
  name: string;
  createdAt: number;
}

export interface ApplicationRecord {
  /** The wire's `Agent.AppId`. */
  id: string;
  platformId: string;
  /** The organization row that owns the application's flows, links, callback receiver and sandbox state. */
  organizationId: string;
  createdAt: number;
}

/** A sub-enterprise as the platform synced or named it, and what it became. */
export interface ProxyOrganizationRecord {
  id: string;
  applicationId: string;
  /** `Agent.ProxyOrganizationOpenId`. */
  openId: string;
  name: string;
  creditCode: string;
  legalName: string;
  address: string;
  /** The activation's authorization flow, once a console link started one. */
  flowId: string | null;
  /** The verified organization, once activated. */
  organizationId: string | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * Where a sub-enterprise's activation stands (DescribeChannelOrganizations' AuthorizationStatus), as the store
 * derives it from the sub-enterprise and the flow its activation runs in (pageProxyOrganizations): verified once it
 * became an organization; not started without a flow, or when the flow was cleared, failed or not yet opened
 * (Processing / Create); then by the flow's authorization type and the review of its power of attorney.
 */
export const AUTHORIZATION_STATUSES = [
  "UNVERIFIED",
  "VERIFYING",
  "VERIFYINGLEGALPENDINGAUTHORIZATION",
  "VERIFYINGAUTHORIZATIONFILEPENDING",
  "VERIFYINGAUTHORIZATIONFILEREJECT",
  "VERIFIED",
] as const;
export type AuthorizationStatus = (typeof AUTHORIZATION_STATUSES)[number];

export interface ProxyOrganizationPageQuery {
  /** Only this sub-enterprise. */
  openId?: string;
  /** Only sub-enterprises in one of these statuses (an empty list matches nothing). */
  statuses?: readonly AuthorizationStatus[];
  offset: number;
  limit: number;
}

export interface ProxyOrganizationPage {
  rows: Array<ProxyOrganizationRecord & { authorizationStatus: AuthorizationStatus }>;
  /** How many match the query, all pages together. */
  total: number;
}

export type ProxyOrganizationPatch = Partial<Pick<ProxyOrganizationRecord, "name" | "creditCode" | "legalName" | "address" | "flowId" | "organizationId">>;

/** One of a sub-enterprise's operators (经办人) by the platform's OpenId. */
export interface ProxyOperatorRecord {
  id: string;
  applicationId: string;
  organizationOpenId: string;
  /** `Agent.ProxyOperator.OpenId`. */
  openId: string;
  name: string;
  /** Sealed with the SecretBox, like every stored mobile. */
  mobileSealed: string | null;
  mobileHash: string | null;
  idCardType: string;
  idCardSealed: string | null;
  defaultRole: string;
  status: "active" | "resigned";
  /** The employee it is in the verified organization, once it joined. */
  employeeId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Which of a sub-enterprise's operators a page holds (ChannelDescribeEmployees' Filters). */
export interface ProxyOperatorPageQuery {
  /** Only operators with one of these OpenIds (an empty list matches nothing). */
  openIds?: readonly string[];
  /** Leave out resigned operators. */
  excludeResigned?: boolean;
  /**
   * Only operators that are: `verified`, active and joined as an employee that has not quit and passed identity
   * verification; `unverified`, active and not that; `resigned`.
   */
  state?: "verified" | "unverified" | "resigned";
  offset: number;
  limit: number;
}

export type ProxyOperatorPatch = Partial<Omit<ProxyOperatorRecord, "id" | "applicationId" | "organizationOpenId" | "openId" | "createdAt">>;

export interface PlatformStore {
  insertPlatform(platform: PlatformRecord): Promise<void>;
  getPlatform(id: string): Promise<PlatformRecord | undefined>;
  listPlatforms(): Promise<PlatformRecord[]>;
  insertApplication(application: ApplicationRecord): Promise<void>;
  getApplication(id: string): Promise<ApplicationRecord | undefined>;
  /** Every application, or a platform's, oldest first. */
  listApplications(platformId?: string): Promise<ApplicationRecord[]>;
  /**
   * The oldest `limit` applications with their platform's name (null if it is gone), in an index's order (migration
   * 0029), and how many applications there are: counted only when there are `limit` or more.
   */
  listFirstApplications(limit: number): Promise<{ rows: Array<ApplicationRecord & { platformName: string | null }>; total: number }>;

  insertProxyOrganization(record: ProxyOrganizationRecord): Promise<void>;
  getProxyOrganization(applicationId: string, openId: string): Promise<ProxyOrganizationRecord | undefined>;
  /** The sub-enterprise whose activation runs in `flowId`, if any. */
  findProxyOrganizationByFlow(flowId: string): Promise<ProxyOrganizationRecord | undefined>;
  /** An application's sub-enterprises, oldest first; only the first `limit` when given (in an index's order, migration 0011). */
  listProxyOrganizations(applicationId: string, limit?: number): Promise<ProxyOrganizationRecord[]>;
  /**
   * One page of an application's sub-enterprises, oldest first, each with its AuthorizationStatus, filtered and
   * counted in the query: an application with tens of thousands of sub-enterprises is never read whole. Only a
   * flow the application's owner organization holds counts as the activation's.
   */
  pageProxyOrganizations(applicationId: string, query: ProxyOrganizationPageQuery): Promise<ProxyOrganizationPage>;
  updateProxyOrganization(id: string, patch: ProxyOrganizationPatch, now: number): Promise<void>;

  insertProxyOperator(record: ProxyOperatorRecord): Promise<void>;
  getProxyOperator(applicationId: string, organizationOpenId: string, openId: string): Promise<ProxyOperatorRecord | undefined>;
  /** The operator that joined as `employeeId`, if any. */
  findProxyOperatorByEmployee(employeeId: string): Promise<ProxyOperatorRecord | undefined>;
  /**
   * A sub-enterprise's operators, oldest first; only those in `only.status` and the first `only.limit`, when given
   * (in an index's order, migration 0028).
   */
  listProxyOperators(applicationId: string, organizationOpenId: string, only?: { status?: ProxyOperatorRecord["status"]; limit?: number }): Promise<ProxyOperatorRecord[]>;
  /**
   * One page of a sub-enterprise's operators, oldest first, and how many match, all pages together: filtered,
   * counted and paged in the query, in an index's order (migration 0028).
   */
  pageProxyOperators(applicationId: string, organizationOpenId: string, query: ProxyOperatorPageQuery): Promise<{ rows: ProxyOperatorRecord[]; total: number }>;
  /**
   * The application's operators that joined as one of these employees, in no particular order: found through the
   * employees, so a sub-enterprise's other operators are not read.
   */
  findProxyOperatorsByEmployees(applicationId: string, employeeIds: readonly string[]): Promise<ProxyOperatorRecord[]>;
  updateProxyOperator(id: string, patch: ProxyOperatorPatch, now: number): Promise<void>;
}
