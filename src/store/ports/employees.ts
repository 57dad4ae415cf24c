/** An organization's employees (the API's users) and the roles they hold. */

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

export interface EmployeeFilter {
  verified?: boolean;
  departmentIds?: string[];
  userIds?: string[];
  weworkOpenIds?: string[];
  openIds?: string[];
  roleIds?: string[];
}

export interface EmployeeStore {
  insertEmployee(employee: EmployeeRecord): Promise<void>;
  getEmployee(id: string): Promise<EmployeeRecord | undefined>;
  markEmployeeVerified(id: string, at: number): Promise<void>;
  /** The employee left (离职): it stays listed, marked as such. */
  markEmployeeQuit(id: string): Promise<void>;
  findEmployeesByMobileHash(organizationId: string, mobileHash: string): Promise<EmployeeRecord[]>;
  /** Every organization's employees with this mobile (a person's memberships), oldest first. */
  findEmployeesEverywhereByMobileHash(mobileHash: string): Promise<EmployeeRecord[]>;
  findEmployeesByOpenId(organizationId: string, openId: string): Promise<EmployeeRecord[]>;
  findEmployeesByWeworkOpenId(organizationId: string, weworkOpenId: string): Promise<EmployeeRecord[]>;
  /** One page of an organization's employees, oldest first, and the count of all that match. */
  listEmployees(organizationId: string, filter: EmployeeFilter, offset: number, limit: number): Promise<{ rows: EmployeeRecord[]; total: number }>;
}
