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
  /** Who took over the employee's work when it left (DeleteIntegrationEmployees' ReceiveUserId), if anyone. */
  receiverId: string | null;
  createdAt: number;
  roleIds: string[];
}

/** The details an employee's record may change after creation (UpdateIntegrationEmployees, the OpenId binding). */
export type EmployeeDetails = Partial<Pick<EmployeeRecord, "displayName" | "mobileSealed" | "mobileHash" | "email" | "openId" | "departmentId" | "departmentName">>;

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
  /** Sets the given details; members left out keep their values. */
  updateEmployee(id: string, details: EmployeeDetails): Promise<void>;
  /** Marks an employee as having left, with whoever took over its work. */
  markEmployeeQuit(id: string, receiverId: string | null): Promise<void>;
  /**
   * Moves `roleId` to `toEmployeeId` — a super-admin handing over — in one transaction: from `fromEmployeeId`, who
   * must still hold it, or, with null, only while no current employee holds it. False (nothing changed) when that
   * no longer is so: another hand-over of the role came first.
   */
  moveRole(roleId: string, fromEmployeeId: string | null, toEmployeeId: string): Promise<boolean>;
  findEmployeesByMobileHash(organizationId: string, mobileHash: string): Promise<EmployeeRecord[]>;
  /**
   * The oldest `limit` employees with this mobile in any organization (a person's memberships), oldest first, read
   * in an index's order (migration 0022): one mobile may be an employee of every enterprise a tenant verified.
   */
  findEmployeesEverywhereByMobileHash(mobileHash: string, limit: number): Promise<EmployeeRecord[]>;
  findEmployeesByOpenId(organizationId: string, openId: string): Promise<EmployeeRecord[]>;
  findEmployeesByWeworkOpenId(organizationId: string, weworkOpenId: string): Promise<EmployeeRecord[]>;
  /**
   * Who holds each of these roles (a super-admin role has a holder or a few), read from the role's side of
   * employee_roles (migration 0019): the holders' employees and organizations are not read.
   */
  listRoleHolders(roleIds: readonly string[]): Promise<Array<{ roleId: string; employeeId: string }>>;
  /** One page of an organization's employees, oldest first, and the count of all that match. */
  listEmployees(organizationId: string, filter: EmployeeFilter, offset: number, limit: number): Promise<{ rows: EmployeeRecord[]; total: number }>;
  /** An organization's first `limit` employees that match, oldest first, without counting the rest. */
  firstEmployees(organizationId: string, filter: EmployeeFilter, limit: number): Promise<EmployeeRecord[]>;
}
