import type { QueryContext } from "../query-context.ts";
import type { SettingStore } from "../ports.ts";
import { upsert } from "../sql-idioms.ts";

/** Installation-wide named values (the master key check, the demo tenant's claim, the admin token). */
export const settings = ({ db }: QueryContext) => {
  const getSetting = async (key: string) => (await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst())?.value;
  return {
    getSetting,
    async putSettingIfAbsent(key, value) {
      await db.insertInto("settings").values({ key, value }).onConflict((oc) => oc.column("key").doNothing()).execute();
      return (await getSetting(key))!;
    },
    replaceSetting: (key, value) => upsert(db, "settings", "key", { key, value }),
  } satisfies SettingStore;
};
