import type { QueryContext } from "../query-context.ts";
import type { LinkVerificationStore } from "../ports.ts";
import { rowsChanged, upsert } from "../sql-idioms.ts";

/** Each link's SMS code check: the code's hash, the count of attempts, the lock. */
export const linkVerifications = ({ db }: QueryContext) =>
  ({
    getLinkVerification: (linkCode) => db.selectFrom("link_verifications").selectAll().where("linkCode", "=", linkCode).executeTakeFirst(),
    putLinkVerification: (record) => upsert(db, "link_verifications", "linkCode", record),
    async replaceLinkCode(linkCode, code, resendAfterMs) {
      const row = await db
        .insertInto("link_verifications")
        .values({ linkCode, ...code, failedAttempts: 0, lockedUntil: null })
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
        .returningAll()
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
