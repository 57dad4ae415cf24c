/**
 * The persistence port: what the domain may ask of storage, in persistence verbs. No business rule lives
 * behind it; both backends implement it over one query module (`kysely-store.ts`).
 */
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

export interface EmployeeRecord {
  id: string;
  organizationId: string;
  displayName: string;
  /** Encrypted with the SecretBox; never stored or logged in clear. */
  mobileSealed: string | null;
  /** Keyed hash of the mobile, for equality lookups. */
  mobileHash: string | null;
  email: string;
  openId: string;
  weworkOpenId: string;
  departmentId: string;
  departmentName: string;
  verified: boolean;
  verifiedAt: number | null;
  quit: boolean;
  createdAt: number;
  roleIds: string[];
}

export interface ApiKeyRecord {
  secretId: string;
  organizationId: string;
  secretKeySealed: string;
  status: "active" | "revoked";
  createdAt: number;
  revokedAt: number | null;
}

export interface LinkRecord {
  code: string;
  kind: string;
  organizationId: string;
  target: Record<string, unknown>;
  createdAt: number;
  expiresAt: number;
}

export interface EmployeeFilter {
  verified?: boolean;
  departmentIds?: string[];
  userIds?: string[];
  weworkOpenIds?: string[];
  openIds?: string[];
  roleIds?: string[];
}

export interface Store {
  /** Applies pending schema migrations; safe to call at every start. */
  migrate(): Promise<void>;
  /** Resolves when the store can answer a query. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Runs `work` atomically: everything it writes through the given store commits or none of it does. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;

  getSetting(key: string): Promise<string | undefined>;
  /** Stores `value` unless the key exists; returns whichever value is stored afterwards. */
  putSettingIfAbsent(key: string, value: string): Promise<string>;

  insertOrganization(org: OrganizationRecord, roles: RoleRecord[]): Promise<void>;
  getOrganization(id: string): Promise<OrganizationRecord | undefined>;
  listOrganizations(): Promise<OrganizationRecord[]>;
  listRoles(organizationId: string): Promise<RoleRecord[]>;

  insertEmployee(employee: EmployeeRecord): Promise<void>;
  getEmployee(id: string): Promise<EmployeeRecord | undefined>;
  markEmployeeVerified(id: string, at: number): Promise<void>;
  findEmployeesByMobileHash(organizationId: string, mobileHash: string): Promise<EmployeeRecord[]>;
  findEmployeesByOpenId(organizationId: string, openId: string): Promise<EmployeeRecord[]>;
  findEmployeesByWeworkOpenId(organizationId: string, weworkOpenId: string): Promise<EmployeeRecord[]>;
  /** One page of an organization's employees, oldest first, and the count of all that match. */
  listEmployees(organizationId: string, filter: EmployeeFilter, offset: number, limit: number): Promise<{ rows: EmployeeRecord[]; total: number }>;

  insertApiKey(key: ApiKeyRecord): Promise<void>;
  getApiKey(secretId: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(organizationId?: string): Promise<ApiKeyRecord[]>;
  /** Returns false when no active key has that id. */
  revokeApiKey(secretId: string, at: number): Promise<boolean>;

  insertLink(link: LinkRecord): Promise<void>;
  getLink(code: string): Promise<LinkRecord | undefined>;

  /** Adds `by` to a named counter (created on first use, forgotten after `expiresAt`) and returns the new total. */
  addToQuota(key: string, by: number, expiresAt: number, now: number): Promise<number>;
}
