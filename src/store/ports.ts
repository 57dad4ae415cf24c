/**
 * The persistence port: what the domain may ask of storage, in persistence verbs. No business rule lives
 * behind it; both backends implement it over one query module (`kysely-store.ts`).
 */
import type { HumanStepStore } from "./human-step-ports.ts";

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

export interface Store extends RegistrationStore, CallbackStore, HumanStepStore {
  /** Applies pending schema migrations; safe to call at every start. */
  migrate(): Promise<void>;
  /** Resolves when the store can answer a query. */
  ping(): Promise<void>;
  /** Whether an error means the database is unreachable or overloaded (answered as InternalError.Db). */
  isUnavailable(error: unknown): boolean;
  /** Stores bytes under their content hash (no-op when present). */
  putBlob(hash: string, bytes: Buffer): Promise<void>;
  getBlob(hash: string): Promise<Buffer | undefined>;
  close(): Promise<void>;
  /** Runs `work` atomically: everything it writes through the given store commits or none of it does. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;

  getSetting(key: string): Promise<string | undefined>;
  /** Stores `value` unless the key exists; returns whichever value is stored afterwards. */
  putSettingIfAbsent(key: string, value: string): Promise<string>;
  /** Stores `value` under `key`, replacing any value there. */
  replaceSetting(key: string, value: string): Promise<void>;

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
  /** A counter's total at `now` (0 when it never existed or has expired), without changing it. */
  readQuota(key: string, now: number): Promise<number>;
}

/** Sub-task statuses as DescribeBatchOrganizationRegistrationTasks reports them (reference §6.5). */
export type SubTaskStatus = "Processing" | "Create" | "Submit" | "Authorization" | "Failed";
/** Where an authorization flow (认证流) stands: open, cleared by DeleteOrganizationAuthorizations, or done. */
export type FlowState = "active" | "cleared" | "verified" | "failed";

export interface RegistrationTaskRecord {
  id: string;
  organizationId: string;
  operatorId: string;
  endpoint: string;
  batchAuthMethod: number;
  state: "pending" | "done";
  attempts: number;
  leaseUntil: number | null;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  finishedAt: number | null;
}

/** One enterprise's authorization flow; for batch registrations it is also the sub-task. */
export interface AuthFlowRecord {
  id: string;
  subTaskId: string | null;
  taskId: string | null;
  position: number;
  organizationId: string;
  operatorId: string;
  source: "batch" | "single";
  organizationName: string;
  /** The name as compared: trimmed, ASCII parentheses made full-width. */
  nameKey: string;
  creditCode: string;
  legalName: string;
  address: string;
  adminName: string;
  adminMobileSealed: string | null;
  adminMobileHash: string | null;
  adminIdType: string;
  adminIdSealed: string | null;
  adminIdHash: string | null;
  authorizationTypes: number[];
  status: SubTaskStatus;
  state: FlowState;
  errorMessage: string;
  authType: number;
  auditStatus: number;
  reason: string;
  linkToken: string | null;
  verifiedOrganizationId: string | null;
  options: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface AuthFlowQuery {
  ids?: string[];
  subTaskIds?: string[];
  taskId?: string;
  nameKey?: string;
  creditCode?: string;
  operatorId?: string;
  adminMobileHash?: string;
}

export type AuthFlowPatch = Partial<
  Pick<AuthFlowRecord, "status" | "state" | "errorMessage" | "authType" | "auditStatus" | "reason" | "linkToken" | "verifiedOrganizationId" | "options" | "organizationName" | "nameKey" | "creditCode">
>;

export interface RegistrationStore {
  insertRegistrationTask(task: RegistrationTaskRecord, flows: AuthFlowRecord[]): Promise<void>;
  getRegistrationTask(id: string): Promise<RegistrationTaskRecord | undefined>;
  /** Takes the oldest due, unleased task and leases it until `now + leaseMs`; undefined when none is due. */
  claimRegistrationTask(now: number, leaseMs: number): Promise<RegistrationTaskRecord | undefined>;
  completeRegistrationTask(id: string, now: number): Promise<void>;
  /** Gives a claimed task back with a later attempt time and the error that stopped it, if `leaseUntil` is still its claim. */
  retryRegistrationTask(id: string, leaseUntil: number, nextAttemptAt: number, error: string): Promise<void>;
  /** Reads a task inside a transaction and, where the backend has row locks, holds it until the transaction ends. */
  lockRegistrationTask(id: string): Promise<RegistrationTaskRecord | undefined>;
  /** Forgets every lease: for the embedded store at start, where no other worker can hold one. */
  releaseRegistrationLeases(): Promise<void>;
  insertAuthFlow(flow: AuthFlowRecord): Promise<void>;
  /** Reads one flow inside a transaction and, where the backend has row locks, holds it until the transaction ends. */
  lockAuthFlow(organizationId: string, id: string): Promise<AuthFlowRecord | undefined>;
  /** Flows of one organization matching every given criterion, oldest first. */
  findAuthFlows(organizationId: string, query: AuthFlowQuery): Promise<AuthFlowRecord[]>;
  updateAuthFlow(id: string, patch: AuthFlowPatch, now: number): Promise<void>;
  /** Deletes every registration task, flow and link of one organization (the sandbox's reset); returns the counts. */
  deleteRegistrationData(organizationId: string): Promise<{ tasks: number; flows: number; links: number }>;
}

export interface CallbackConfigRecord {
  organizationId: string;
  url: string;
  /** The CallbackUrlKey (AES-256 key), sealed with the SecretBox; null sends plaintext messages. */
  keySealed: string | null;
  /** The Content-Signature token, sealed; null sends no signature. */
  tokenSealed: string | null;
  updatedAt: number;
}

export type CallbackDeliveryState = "pending" | "delivered" | "failed";

/** One callback message and where its delivery stands; `id` is the message's MsgId. */
export interface CallbackDeliveryRecord {
  id: string;
  organizationId: string;
  msgType: string;
  /** The plaintext message JSON as it will be sent (before encryption). */
  payload: string;
  state: CallbackDeliveryState;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  /** No retry is scheduled after this time; the delivery fails instead. */
  giveUpAt: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export interface CallbackAttemptRecord {
  deliveryId: string;
  attempt: number;
  at: number;
  url: string;
  /** The receiver's HTTP status; null when no answer came (refused, timed out). */
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** What one attempt left: the status and error to keep on the delivery row. */
export interface CallbackOutcome {
  status: number | null;
  error: string | null;
}

export interface CallbackStore {
  /** Creates or replaces an organization's callback receiver. */
  putCallbackConfig(config: CallbackConfigRecord): Promise<void>;
  getCallbackConfig(organizationId: string): Promise<CallbackConfigRecord | undefined>;
  insertCallbackDelivery(delivery: CallbackDeliveryRecord): Promise<void>;
  getCallbackDelivery(id: string): Promise<CallbackDeliveryRecord | undefined>;
  /** Takes the oldest due, unleased pending delivery, counts an attempt and leases it until `now + leaseMs`. */
  claimCallbackDelivery(now: number, leaseMs: number): Promise<CallbackDeliveryRecord | undefined>;
  insertCallbackAttempt(attempt: CallbackAttemptRecord): Promise<void>;
  /** The three ends of a claim; each changes nothing unless `leaseUntil` is still the claim's. */
  markCallbackDelivered(id: string, leaseUntil: number, at: number, outcome: CallbackOutcome): Promise<void>;
  retryCallbackDelivery(id: string, leaseUntil: number, nextAttemptAt: number, outcome: CallbackOutcome): Promise<void>;
  markCallbackFailed(id: string, leaseUntil: number, outcome: CallbackOutcome): Promise<void>;
  /** An organization's deliveries, newest first. */
  listCallbackDeliveries(organizationId: string, limit: number): Promise<CallbackDeliveryRecord[]>;
  /** Attempts of the given deliveries, by delivery then attempt number. */
  listCallbackAttempts(deliveryIds: string[]): Promise<CallbackAttemptRecord[]>;
  /** Makes a delivery pending again, due at `now`, retried until `giveUpAt`; false when no such delivery. */
  resetCallbackDelivery(id: string, now: number, giveUpAt: number): Promise<boolean>;
  /** Forgets every delivery lease: for the embedded store at start, like releaseRegistrationLeases. */
  releaseCallbackLeases(): Promise<void>;
}

export * from "./human-step-ports.ts";
