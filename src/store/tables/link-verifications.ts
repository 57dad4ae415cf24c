import type { QueryContext } from "../query-context.ts";
import type { LinkVerificationStore } from "../ports.ts";
import { rowsChanged, upsert } from "../sql-idioms.ts";

/** The record's columns (not the owner, which only the sandbox reset reads). */
const RECORD = ["linkCode", "codeHash", "codeExpiresAt", "failedAttempts", "lockedUntil", "sentAt"] as const;

/** Each link's SMS code check: the code's hash, the count of attempts, the lock. */
export const linkVerifications = ({ db }: QueryContext) =>
  ({
    getLinkVerification: (linkCode) => db.selectFrom("link_verifications").select(RECORD).where("linkCode", "=", linkCode).executeTakeFirst(),
    // Only tests write whole rows; the pages go through replaceLinkCode, which records the owner.
    putLinkVerification: (record) => upsert(db, "link_verifications", "linkCode", { ...record, organizationId: null }),
    async replaceLinkCode(linkCode, code, resendAfterMs, organizationId) {
      const row = await db
        .insertInto("link_verifications")
        .values({ linkCode, ...code, failedAttempts: 0, lockedUntil: null, organizationId: organizationId ?? null })
        .onConflict((oc) =>
          oc
            .column("linkCode")
            .doUpdateSet((eb) => ({
              ...code,
              // Read from the row as it is when the statement runs, not as some earlier read saw it.
              failedAttempts: eb.case().when("link_verifications.lockedUntil", "is", null).then(eb.ref("link_verifications.failedAttempts")).else(0).end(),
              lockedUntil: null,
            }))
            // Judged on the row as it is when the statement runs: of two sends at once, one replaces and one is refused.
            .where((eb) =>
              eb.and([
                eb.or([eb("link_verifications.codeHash", "is", null), eb("link_verifications.sentAt", "<=", code.sentAt - resendAfterMs)]),
                eb.or([eb("link_verifications.lockedUntil", "is", null), eb("link_verifications.lockedUntil", "<=", code.sentAt)]),
              ]),
            ),
        )
        .returning("linkCode")
        .executeTakeFirst();
      return row !== undefined;
    },
    countCodeAttempt: (linkCode, now) =>
      db
        .updateTable("link_verifications")
        .set((eb) => ({ failedAttempts: eb("failedAttempts", "+", 1) }))
        .where("linkCode", "=", linkCode)
        .where("codeHash", "is not", null)
        .where("codeExpiresAt", ">", now)
        .where((eb) => eb.or([eb("lockedUntil", "is", null), eb("lockedUntil", "<=", now)]))
        .returning(RECORD)
        .executeTakeFirst(),
    async consumeLinkCode(linkCode, codeHash) {
      const result = await db
        .updateTable("link_verifications")
        .set({ codeHash: null, failedAttempts: 0, lockedUntil: null })
        .where("linkCode", "=", linkCode)
        .where("codeHash", "=", codeHash)
        .executeTakeFirst();
      return rowsChanged(result) === 1;
    },
    async lockLinkVerification(linkCode, lockedUntil) {
      await db.updateTable("link_verifications").set({ codeHash: null, lockedUntil }).where("linkCode", "=", linkCode).execute();
    },
  }) satisfies LinkVerificationStore;
