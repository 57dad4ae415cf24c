/** Batch registration tasks and the authorization flows (认证流) they and the single-enterprise links create. */

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
  /** Flows that verified one of these organizations. */
  verifiedOrganizationIds?: string[];
  /** The legal representative's name as given (trimmed). */
  legalName?: string;
  /** Flows in one of these states. */
  states?: Array<AuthFlowRecord["state"]>;
  /** Only sub-tasks of batch tasks (flows with a SubTaskId), not single flows. */
  subTasksOnly?: boolean;
  /**
   * Only the newest `newest` of the flows matching, newest first (the usual order reversed), bounded in the query
   * itself: for a read whose other criteria may match without end (a whole organization, or one admin's flows);
   * served without a sort where an index holds the criteria's equalities, then the order (migration 0020).
   */
  newest?: number;
}

/** What the batch link compares and a task's links show of a flow. */
export type FlowSummary = Pick<
  AuthFlowRecord,
  "id" | "subTaskId" | "organizationName" | "adminName" | "adminMobileHash" | "adminIdType" | "adminIdHash" | "status" | "state" | "errorMessage" | "linkToken"
>;

/** What the admin's list of enterprises shows of a flow, and what opening a link checks of it. */
export type FlowCard = Pick<
  AuthFlowRecord,
  "id" | "organizationName" | "creditCode" | "adminName" | "authorizationTypes" | "status" | "state" | "errorMessage" | "authType" | "auditStatus" | "reason" | "linkToken" | "options"
>;

/** What DescribeOrganizationAuthStatus reads of a flow (AuthFlowStore.findAuthStatusFlows). */
export type AuthStatusFlow = Pick<
  AuthFlowRecord,
  "id" | "state" | "status" | "verifiedOrganizationId" | "createdAt" | "linkToken" | "adminName" | "adminMobileSealed" | "authType" | "auditStatus" | "reason"
>;

/** A task as the describe of its links reads it, with its flows' links (RegistrationTaskStore.findTaskLinks). */
export interface TaskLinks {
  organizationId: string;
  state: RegistrationTaskRecord["state"];
  endpoint: string;
  /** The task's flows of its own organization, in their order (created, position, id). */
  flows: TaskFlowLink[];
}

/** A flow with only what its registration link is made of. */
export interface TaskFlowLink {
  subTaskId: string | null;
  organizationName: string;
  status: SubTaskStatus;
  state: FlowState;
  errorMessage: string;
  linkToken: string | null;
  /** The short code of the link `linkToken` names; undefined when it names none, or a link that no longer exists. */
  linkShortCode: string | undefined;
}

/** A flow's summary and its link's expiry (null: it names no link, or one that does not exist). */
export type FlowExpiry = FlowSummary & { linkExpiresAt: number | null };

export type AuthFlowPatch = Partial<
  Pick<AuthFlowRecord, "status" | "state" | "errorMessage" | "authType" | "auditStatus" | "reason" | "linkToken" | "verifiedOrganizationId" | "options" | "organizationName" | "nameKey" | "creditCode">
>;

export interface RegistrationTaskStore {
  /** Stores a task with its flows (the sub-tasks), all or nothing. */
  insertRegistrationTask(task: RegistrationTaskRecord, flows: AuthFlowRecord[]): Promise<void>;
  getRegistrationTask(id: string): Promise<RegistrationTaskRecord | undefined>;
  /**
   * The task and its flows' links in one statement, with only the columns a link is made of: what
   * DescribeBatchOrganizationRegistrationUrls reads, which integrators poll until a task is done. Undefined when no
   * such task exists.
   */
  findTaskLinks(id: string): Promise<TaskLinks | undefined>;
  /** Takes the oldest due, unleased task and leases it until `now + leaseMs`; undefined when none is due. */
  claimRegistrationTask(now: number, leaseMs: number): Promise<RegistrationTaskRecord | undefined>;
  completeRegistrationTask(id: string, now: number): Promise<void>;
  /** Gives a claimed task back with a later attempt time and the error that stopped it, if `leaseUntil` is still its claim. */
  retryRegistrationTask(id: string, leaseUntil: number, nextAttemptAt: number, error: string): Promise<void>;
  /** Reads a task inside a transaction and, where the backend has row locks, holds it until the transaction ends. */
  lockRegistrationTask(id: string): Promise<RegistrationTaskRecord | undefined>;
  /** Forgets every lease: for the embedded store at start, where no other worker can hold one. */
  releaseRegistrationLeases(): Promise<void>;
}

export interface AuthFlowStore {
  insertAuthFlow(flow: AuthFlowRecord): Promise<void>;
  /** Reads one flow inside a transaction and, where the backend has row locks, holds it until the transaction ends. */
  lockAuthFlow(organizationId: string, id: string): Promise<AuthFlowRecord | undefined>;
  /** Flows of one organization matching every given criterion, oldest first (newest first with `newest`). */
  findAuthFlows(organizationId: string, query: AuthFlowQuery): Promise<AuthFlowRecord[]>;
  /**
   * findAuthFlows, each flow with its own link's expiry (null: no link, or the link is gone) in the same read: an
   * admin link's pages show whether each enterprise's link still works, a batch link takes only live ones.
   */
  findAuthFlowsWithLinks(organizationId: string, query: AuthFlowQuery): Promise<Array<{ flow: AuthFlowRecord; linkExpiresAt: number | null }>>;
  /**
   * findAuthFlowsWithLinks with only a FlowCard of each flow: the admin's list of enterprises, opened on every
   * visit, reads 13 columns where the whole record is 30 (sealed and hashed identities among them).
   */
  findFlowCardsWithLinks(organizationId: string, query: AuthFlowQuery): Promise<Array<{ flow: FlowCard; linkExpiresAt: number | null }>>;
  /**
   * The flows findAuthFlows finds, in its order, with only what DescribeOrganizationAuthStatus reads of them (which
   * integrators poll): a whole row's other columns, its sealed identity and JSON, were most of that read's cost.
   */
  findAuthStatusFlows(organizationId: string, query: AuthFlowQuery): Promise<AuthStatusFlow[]>;
  /**
   * The flows findAuthFlows finds, with only the columns the batch link compares and each one's link's expiry (a
   * left join on `linkToken`), in one statement: turning whole rows and their links into JS values was most of
   * such a read's cost. By `ids` or `subTaskIds` (without `newest`) in no particular order, the caller going by
   * its own list; else in findAuthFlows' order.
   */
  findFlowExpiries(organizationId: string, query: AuthFlowQuery): Promise<FlowExpiry[]>;
  /** The flow that verified `organizationId`, whichever tenant started it (the newest, should there be several). */
  findFlowThatVerified(organizationId: string): Promise<AuthFlowRecord | undefined>;
  updateAuthFlow(id: string, patch: AuthFlowPatch, now: number): Promise<void>;
  /** Moves each flow to Create with its own link, in one statement (a processed task's enterprises). */
  markAuthFlowsCreated(links: ReadonlyArray<{ id: string; linkToken: string }>, now: number): Promise<void>;
  /** Active flows of every organization whose power of attorney awaits review (AuditStatus 3), longest waiting first. */
  listFlowsAwaitingReview(limit: number): Promise<AuthFlowRecord[]>;
}
