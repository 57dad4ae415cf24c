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

/** Whether a key signs at `now`: active, and not past the end of a rotation's overlap. */
const signsAt = (key: ApiKeyRecord, now: number): boolean => key.status === "active" && (key.revokedAt === null || now < key.revokedAt);

export interface RotatedKeys extends IssuedKey {
  /** The keys that signed until now, and the instant (ms) they stop: now + the overlap. */
  retiring: Array<{ SecretId: string; ValidUntil: number }>;
}

/**
 * Rotates an organization's keys: a new pair now; every key that signs today keeps signing for `overlapSeconds`
 * (time to deploy the new one), then stops as if revoked (0: at once). The new key belongs to the same platform
 * application as the old ones, if they did.
 */
export async function rotateApiKeys(deps: DomainDeps, organizationId: string, overlapSeconds: number): Promise<RotatedKeys> {
  const now = deps.clock.now();
  const current = (await deps.store.listApiKeys(organizationId)).filter((key) => signsAt(key, now));
  const issued = await createApiKey(deps, organizationId, current[0]?.applicationId ?? null);
  const until = now + overlapSeconds * 1000;
  const retiring: RotatedKeys["retiring"] = [];
  for (const key of current) {
    if (overlapSeconds === 0) await deps.store.revokeApiKey(key.secretId, now);
    else await deps.store.scheduleApiKeyRevocation(key.secretId, until);
    retiring.push({ SecretId: key.secretId, ValidUntil: Math.min(until, key.revokedAt ?? until) });
  }
  return { ...issued, retiring };
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
  if (!key || !signsAt(key, deps.clock.now())) return undefined;
  let resolved = unsealed.get(key);
  if (!resolved) {
    resolved = { organizationId: key.organizationId, applicationId: key.applicationId ?? null, secretKey: deps.box.open(key.secretKeySealed) };
    unsealed.set(key, resolved);
  }
  return resolved;
}
