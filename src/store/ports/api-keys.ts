/** The SecretId/SecretKey pairs callers sign API requests with. */

export interface ApiKeyRecord {
  secretId: string;
  organizationId: string;
  /** The platform application the key belongs to (it then signs essbasic calls only); null for an enterprise's key. */
  applicationId: string | null;
  secretKeySealed: string;
  status: "active" | "revoked";
  createdAt: number;
  /**
   * When the key stopped working (status revoked), or, on an active key, when it will (the end of a rotation's
   * overlap): from that instant on it signs nothing.
   */
  revokedAt: number | null;
}

export interface ApiKeyStore {
  insertApiKey(key: ApiKeyRecord): Promise<void>;
  getApiKey(secretId: string): Promise<ApiKeyRecord | undefined>;
  /** Every key, or an organization's, oldest first. */
  listApiKeys(organizationId?: string): Promise<ApiKeyRecord[]>;
  /**
   * An organization's first `limit` keys in one status, oldest first, only those of one application (or, for null,
   * of none): read in an index's order (migration 0029), so an organization with many keys is not read whole.
   */
  listApiKeysOf(organizationId: string, only: { status: ApiKeyRecord["status"]; applicationId: string | null; limit: number }): Promise<ApiKeyRecord[]>;
  /** Returns false when no active key has that id. */
  revokeApiKey(secretId: string, at: number): Promise<boolean>;
  /** Sets when an active key stops working (a rotation's overlap), unless it is due to stop earlier; false when no active key has that id. */
  scheduleApiKeyRevocation(secretId: string, at: number): Promise<boolean>;
}
