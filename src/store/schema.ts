import type {
  ApiKeyRecord,
  AuthFlowRecord,
  CallbackAttemptRecord,
  CallbackConfigRecord,
  CallbackDeliveryRecord,
  EmployeeRecord,
  InitializationRecord,
  OrganizationChangeRecord,
  LinkRecord,
  LinkVerificationRecord,
  OrganizationRecord,
  ApplicationRecord,
  PlatformRecord,
  ProxyOperatorRecord,
  ProxyOrganizationRecord,
  RegistrationTaskRecord,
  ReviewPolicyRecord,
  RoleRecord,
  SandboxFaultRecord,
  SmsMessageRecord,
} from "./ports.ts";

/**
 * Row types of every table, as queries see them through Kysely's CamelCasePlugin: a table's columns are its
 * record's fields, `organization_id` in SQL and `organizationId` here, so most rows are the port's records
 * themselves. Table names are the SQL ones, as in the migrations. Times are epoch milliseconds in `bigint`
 * columns, read as numbers on both backends (see postgres.ts), so one query module serves SQLite and PostgreSQL.
 * Where a row differs from its record it says so: flags are 0/1 integers, structured values JSON text.
 */
export interface Database {
  settings: { key: string; value: string };
  /** Uploaded files by SHA-256, base64 in a text column so both backends share one type. */
  blobs: { hash: string; bytes: string; size: number };
  organizations: OrganizationRecord;
  roles: RoleRecord;
  employees: Stored<Omit<EmployeeRecord, "roleIds">, { verified: Flag; quit: Flag }>;
  employee_roles: { employeeId: string; roleId: string };
  api_keys: ApiKeyRecord;
  links: Stored<LinkRecord, { target: JsonText }>;
  quota_counters: { key: string; count: number; expiresAt: number };

  registration_tasks: RegistrationTaskRecord;
  auth_flows: Stored<AuthFlowRecord, { authorizationTypes: JsonText; options: JsonText }>;

  /** One callback receiver per organization; the CallbackUrlKey and signing token are secrets, so sealed. */
  callback_configs: CallbackConfigRecord;
  /** One row per callback message (id = MsgId); `payload` is the plaintext message JSON, free of personal data. */
  callback_deliveries: CallbackDeliveryRecord;
  callback_attempts: CallbackAttemptRecord;

  sms_messages: SmsMessageRecord;
  /** `organizationId`: whose page sent the code (the sandbox reset finds the checks by it); null before 0012. */
  link_verifications: LinkVerificationRecord & { organizationId: string | null };
  sandbox_faults: SandboxFaultRecord;
  review_policies: ReviewPolicyRecord;
  /** Operations done on initialisation links; `detail` is JSON text. */
  initializations: Stored<InitializationRecord, { detail: JsonText }>;
  organization_changes: OrganizationChangeRecord;

  platforms: PlatformRecord;
  applications: ApplicationRecord;
  proxy_organizations: ProxyOrganizationRecord;
  proxy_operators: ProxyOperatorRecord;
}

/** A boolean as both backends store it. */
export type Flag = 0 | 1;
/** A structured value stored as JSON text (both backends, one column type). */
export type JsonText = string;
/** A record whose `Columns` are stored in another form. */
type Stored<Record, Columns extends { [K in keyof Record]?: unknown }> = Omit<Record, keyof Columns> & Columns;
