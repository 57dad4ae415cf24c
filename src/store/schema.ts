import type { Generated } from "kysely";

/**
 * Row types of every table. Times are epoch milliseconds in `bigint` columns and flags are 0/1 integers,
 * so one query module serves SQLite and PostgreSQL without per-dialect conversions.
 */
export interface Database {
  settings: { key: string; value: string };
  /** Uploaded files by SHA-256, base64 in a text column so both backends share one type. */
  blobs: { hash: string; bytes: string; size: number };
  organizations: {
    id: string;
    name: string;
    parent_id: string | null;
    created_at: number;
  };
  roles: { id: string; organization_id: string; name: string };
  employees: {
    id: string;
    organization_id: string;
    display_name: string;
    mobile_sealed: string | null;
    mobile_hash: string | null;
    email: string;
    open_id: string;
    wework_open_id: string;
    department_id: string;
    department_name: string;
    verified: number;
    verified_at: number | null;
    quit: number;
    created_at: number;
  };
  employee_roles: { employee_id: string; role_id: string };
  api_keys: {
    secret_id: string;
    organization_id: string;
    secret_key_sealed: string;
    status: string;
    created_at: number;
    revoked_at: number | null;
  };
  links: {
    code: string;
    kind: string;
    organization_id: string;
    target: string;
    created_at: number;
    expires_at: number;
  };
  quota_counters: { key: string; count: number; expires_at: number };

  registration_tasks: {
    id: string;
    organization_id: string;
    operator_id: string;
    endpoint: string;
    batch_auth_method: number;
    state: string;
    attempts: number;
    lease_until: number | null;
    next_attempt_at: number;
    last_error: string | null;
    created_at: number;
    finished_at: number | null;
  };
  auth_flows: {
    id: string;
    sub_task_id: string | null;
    task_id: string | null;
    position: number;
    organization_id: string;
    operator_id: string;
    source: string;
    organization_name: string;
    name_key: string;
    credit_code: string;
    legal_name: string;
    address: string;
    admin_name: string;
    admin_mobile_sealed: string | null;
    admin_mobile_hash: string | null;
    admin_id_type: string;
    admin_id_sealed: string | null;
    admin_id_hash: string | null;
    authorization_types: string;
    status: string;
    state: string;
    error_message: string;
    auth_type: number;
    audit_status: number;
    reason: string;
    link_token: string | null;
    verified_organization_id: string | null;
    options: string;
    created_at: number;
    updated_at: number;
  };

  /** One callback receiver per organization; the CallbackUrlKey and signing token are secrets, so sealed. */
  callback_configs: {
    organization_id: string;
    url: string;
    key_sealed: string | null;
    token_sealed: string | null;
    updated_at: number;
  };
  /** One row per callback message (id = MsgId); `payload` is the plaintext message JSON, free of personal data. */
  callback_deliveries: {
    id: string;
    organization_id: string;
    msg_type: string;
    payload: string;
    state: string;
    attempts: number;
    next_attempt_at: number;
    lease_until: number | null;
    give_up_at: number;
    last_status: number | null;
    last_error: string | null;
    created_at: number;
    delivered_at: number | null;
  };
  callback_attempts: {
    delivery_id: string;
    attempt: number;
    at: number;
    url: string;
    http_status: number | null;
    error: string | null;
    duration_ms: number;
  };

  /** SMS messages essd "sends": kept in the sandbox's outbox, or handed to the SMS webhook in production. */
  sms_messages: {
    id: string;
    organization_id: string;
    mobile_sealed: string;
    mobile_hash: string;
    purpose: string;
    body_sealed: string;
    state: string;
    attempts: number;
    next_attempt_at: number;
    lease_until: number | null;
    last_error: string | null;
    created_at: number;
    sent_at: number | null;
  };
  /** The SMS code a link's admin must enter, and the lock after three wrong ones; one row per link. */
  link_verifications: {
    link_code: string;
    code_hash: string | null;
    code_expires_at: number;
    failed_attempts: number;
    locked_until: number | null;
    sent_at: number;
  };
  /** Failures a sandbox tenant asked for: an enterprise that fails verification, the next call of an action. */
  sandbox_faults: { id: string; organization_id: string; kind: string; target: string; code: string; message: string; created_at: number };
  review_policies: { organization_id: string; policy: string; delay_ms: number; updated_at: number };
}
