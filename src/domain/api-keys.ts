import type { ApiKeyRecord } from "../store/ports.ts";
import type { DomainDeps } from "./deps.ts";
import { errors } from "./errors.ts";

export interface IssuedKey {
  SecretId: string;
  SecretKey: string;
}

/** Issues a key pair for an organization; the SecretKey is returned once and stored only sealed. */
export async function createApiKey(deps: DomainDeps, organizationId: string, applicationId: string | null = null): Promise<IssuedKey> {
  if (!(await deps.store.getOrganization(organizationId))) {
    throw errors.organizationNotFound({ organizationId });
  }
  const secretId = deps.ids.next("secretId");
  const secretKey = deps.ids.next("secretKey");
  await deps.store.insertApiKey({
    secretId,
    organizationId,
    applicationId,
    secretKeySealed: deps.box.seal(secretKey),
    status: "active",
    createdAt: deps.clock.now(),
    revokedAt: null,
  });
  return { SecretId: secretId, SecretKey: secretKey };
}

export async function revokeApiKey(deps: DomainDeps, secretId: string): Promise<void> {
  if (!(await deps.store.revokeApiKey(secretId, deps.clock.now()))) {
    throw errors.apiKeyNotFound({ secretId });
  }
}

export interface ResolvedKey {
  organizationId: string;
  /** Set for a platform application's key: it signs essbasic calls only (and an enterprise's key ess calls only). */
  applicationId: string | null;
  secretKey: string;
}

// Unsealed once per stored record: the store's read cache hands out the same record until the key changes.
const unsealed = new WeakMap<ApiKeyRecord, ResolvedKey>();

/**
 * The signing secret and owner of an active key, or undefined when the key is unknown or revoked. The answer is
 * the same object for as long as the store answers the same record, so callers may key derived values on it.
 */
export async function resolveApiKey(deps: DomainDeps, secretId: string): Promise<ResolvedKey | undefined> {
  const key = await deps.store.getApiKey(secretId);
  if (!key || key.status !== "active") return undefined;
  let resolved = unsealed.get(key);
  if (!resolved) {
    resolved = { organizationId: key.organizationId, applicationId: key.applicationId ?? null, secretKey: deps.box.open(key.secretKeySealed) };
    unsealed.set(key, resolved);
  }
  return resolved;
}
