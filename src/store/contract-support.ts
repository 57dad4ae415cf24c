import type { AuthFlowRecord, EmployeeRecord, OrganizationChangeRecord, OrganizationRecord, ProxyOperatorRecord, RegistrationTaskRecord, SmsMessageRecord, Store } from "./ports.ts";

/** The time every contract case starts at. */
export const T0 = 1_700_000_000_000;

/** Wraps a contract case: a fresh store from `makeStore` for each case, closed whatever the case did. */
export const storeCase =
  (makeStore: () => Promise<Store>) =>
  (work: (store: Store) => Promise<void>) =>
  async (): Promise<void> => {
    const store = await makeStore();
    try {
      await work(store);
    } finally {
      await store.close();
    }
  };

/** A registration task as CreateBatchOrganizationRegistrationTasks first stores it; cases override what they test. */
export const taskRecord = (id: string, overrides: Partial<RegistrationTaskRecord> = {}): RegistrationTaskRecord => ({
  id,
  organizationId: "org1",
  operatorId: "op1",
  endpoint: "PC",
  batchAuthMethod: 0,
  state: "pending",
  attempts: 0,
  leaseUntil: null,
  nextAttemptAt: T0,
  lastError: null,
  createdAt: T0,
  finishedAt: null,
  ...overrides,
});

/** A batch sub-task's flow as the registration worker first stores it; cases override what they test. */
export const flowRecord = (id: string, overrides: Partial<AuthFlowRecord> = {}): AuthFlowRecord => ({
  id,
  subTaskId: `sub-${id}`,
  taskId: "t1",
  position: 0,
  organizationId: "org1",
  operatorId: "op1",
  source: "batch",
  organizationName: `企业${id}`,
  nameKey: `企业${id}`,
  creditCode: `CODE${id}`,
  legalName: "张三",
  address: "",
  adminName: "李四",
  adminMobileSealed: "sealed",
  adminMobileHash: "mobile-hash",
  adminIdType: "ID_CARD",
  adminIdSealed: null,
  adminIdHash: null,
  authorizationTypes: [2],
  status: "Processing",
  state: "active",
  errorMessage: "",
  authType: 0,
  auditStatus: 0,
  reason: "",
  linkToken: null,
  verifiedOrganizationId: null,
  options: { files: { a: 1 } },
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

/** A sandbox outbox message to mobile hash-a; cases override what they test. */
export const smsRecord = (id: string, overrides: Partial<SmsMessageRecord> = {}): SmsMessageRecord => ({
  id,
  organizationId: "org1",
  mobileSealed: `sealed-${id}`,
  mobileHash: "hash-a",
  purpose: "admin-code",
  bodySealed: `sealed-body-${id}`,
  state: "outbox",
  attempts: 0,
  nextAttemptAt: T0,
  leaseUntil: null,
  lastError: null,
  createdAt: T0,
  sentAt: null,
  ...overrides,
});

export const organizationRecord = (id: string, overrides: Partial<OrganizationRecord> = {}): OrganizationRecord => ({
  id,
  name: `机构${id}`,
  parentId: null,
  createdAt: T0,
  creditCode: null,
  groupJoinedAt: null,
  ...overrides,
});

export const employeeRecord = (id: string, organizationId: string, overrides: Partial<EmployeeRecord> = {}): EmployeeRecord => ({
  id,
  organizationId,
  displayName: `员工${id}`,
  mobileSealed: `sealed-${id}`,
  mobileHash: `hash-${id}`,
  email: "",
  openId: "",
  weworkOpenId: "",
  departmentId: "",
  departmentName: "",
  verified: false,
  verifiedAt: null,
  quit: false,
  receiverId: null,
  createdAt: T0,
  roleIds: [],
  ...overrides,
});

export const organizationChangeRecord = (id: string, overrides: Partial<OrganizationChangeRecord> = {}): OrganizationChangeRecord => ({
  id,
  organizationId: "tenant",
  targetOrganizationId: "ent",
  linkCode: "l1",
  changeType: 2,
  state: "reviewing",
  oldName: "旧名有限公司",
  newName: "新名有限公司",
  creditCode: "91440300MA0000001L",
  legalName: "新法人",
  address: "深圳",
  oldAdminId: null,
  newAdminId: null,
  reason: "",
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

export const proxyOperatorRecord = (id: string, applicationId: string, organizationOpenId: string, openId: string, overrides: Partial<ProxyOperatorRecord> = {}): ProxyOperatorRecord => ({
  id,
  applicationId,
  organizationOpenId,
  openId,
  name: "张三",
  mobileSealed: "sealed",
  mobileHash: "hash",
  idCardType: "ID_CARD",
  idCardSealed: null,
  defaultRole: "",
  status: "active",
  employeeId: null,
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});
