import type { QueryContext } from "../query-context.ts";
import type { SettingStore } from "../ports.ts";
import { rowsChanged, upsert } from "../sql-idioms.ts";

/** Installation-wide named values (the master key check, the demo tenant's claim, the admin token). */
export const settings = ({ db, traits }: QueryContext) => {
  const getSetting = async (key: string) => (await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst())?.value;
  return {
    getSetting,
    async putSettingIfAbsent(key, value) {
      await db.insertInto("settings").values({ key, value }).onConflict((oc) => oc.column("key").doNothing()).execute();
      return (await getSetting(key))!;
    },
    replaceSetting: (key, value) => upsert(db, "settings", "key", { key, value }),
    async settingHolds(key, value) {
      const row = await db
        .selectFrom("settings")
        .select("value")
        .where("key", "=", key)
        .$if(traits.supportsRowLocks, (q) => q.forUpdate())
        .executeTakeFirst();
      return row?.value === value;
    },
    async deleteSettingIf(key, value) {
      return rowsChanged(await db.deleteFrom("settings").where("key", "=", key).where("value", "=", value).executeTakeFirst()) > 0;
    },
  } satisfies SettingStore;
};
