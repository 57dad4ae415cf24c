import type { AuthFlowRecord, RegistrationTaskRecord, SmsMessageRecord, Store } from "./ports.ts";

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
