import type { QueryContext } from "../query-context.ts";
import type { ApiKeyStore } from "../ports.ts";
import { rowsChanged } from "../sql-idioms.ts";

/** API keys (SecretId/SecretKey pairs). */
export const apiKeys = ({ db }: QueryContext) =>
  ({
    async insertApiKey(key) {
      await db.insertInto("api_keys").values(key).execute();
    },
    getApiKey: (secretId) => db.selectFrom("api_keys").selectAll().where("secretId", "=", secretId).executeTakeFirst(),
    listApiKeys: (organizationId) =>
      db
        .selectFrom("api_keys")
        .selectAll()
        .$if(Boolean(organizationId), (q) => q.where("organizationId", "=", organizationId!))
        .orderBy("createdAt")
        .execute(),
    listApiKeysOf: (organizationId, only) =>
      db
        .selectFrom("api_keys")
        .selectAll()
        .where("organizationId", "=", organizationId)
        .where("status", "=", only.status)
        .where("applicationId", only.applicationId === null ? "is" : "=", only.applicationId)
        .orderBy("createdAt")
        .orderBy("secretId")
        .limit(only.limit)
        .execute(),
    async revokeApiKey(secretId, at) {
      const result = await db.updateTable("api_keys").set({ status: "revoked", revokedAt: at }).where("secretId", "=", secretId).where("status", "=", "active").executeTakeFirst();
      return rowsChanged(result) > 0;
    },
    async scheduleApiKeyRevocation(secretId, at) {
      const result = await db
        .updateTable("api_keys")
        .set({ revokedAt: at })
        .where("secretId", "=", secretId)
        .where("status", "=", "active")
        .where((eb) => eb.or([eb("revokedAt", "is", null), eb("revokedAt", ">", at)]))
        .executeTakeFirst();
      return rowsChanged(result) > 0;
    },
  }) satisfies ApiKeyStore;
