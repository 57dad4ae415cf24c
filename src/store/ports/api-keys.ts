/** The SecretId/SecretKey pairs callers sign API requests with. */

export interface ApiKeyRecord {
  secretId: string;
  organizationId: string;
  /** The platform application the key belongs to (it then signs essbasic calls only); null for an enterprise's key. */
  applicationId: string | null;
  secretKeySealed: string;
  status: "active" | "revoked";
  createdAt: number;
  revokedAt: number | null;
}

export interface ApiKeyStore {
  insertApiKey(key: ApiKeyRecord): Promise<void>;
  getApiKey(secretId: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(organizationId?: string): Promise<ApiKeyRecord[]>;
  /** Returns false when no active key has that id. */
  revokeApiKey(secretId: string, at: number): Promise<boolean>;
}
