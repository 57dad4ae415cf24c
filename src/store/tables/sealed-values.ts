import type { QueryContext } from "../query-context.ts";
import type { SealedRow, SealedValueStore } from "../ports/sealed-values.ts";

/**
 * Where sealed values are kept: table → primary key and the columns (record names) that hold them. A test
 * (master-key-rotation.test.ts) checks every `*_sealed` column of the schema is here, and that nothing in any
 * text column is left under an old key after a rotation.
 */
export const SEALED_LOCATIONS: Readonly<Record<string, { key: string; columns: readonly string[] }>> = {
  // The admin token and the lookup key are sealed settings; other settings hold no sealed text.
  settings: { key: "key", columns: ["value"] },
  api_keys: { key: "secretId", columns: ["secretKeySealed"] },
  employees: { key: "id", columns: ["mobileSealed"] },
  auth_flows: { key: "id", columns: ["adminMobileSealed", "adminIdSealed"] },
  callback_configs: { key: "organizationId", columns: ["keySealed", "tokenSealed"] },
  sms_messages: { key: "id", columns: ["mobileSealed", "bodySealed"] },
  proxy_operators: { key: "id", columns: ["mobileSealed", "idCardSealed"] },
  // Link targets are JSON: authorization-file details and changed mobiles are sealed inside them.
  links: { key: "code", columns: ["target"] },
};

function locationOf(table: string) {
  const location = SEALED_LOCATIONS[table];
  if (!location) throw new Error(`${table} holds no sealed values`);
  return location;
}

// Table and column names below come only from SEALED_LOCATIONS, never from input; Kysely's typed builder cannot
// name a table chosen at run time, hence the loose db.
export const sealedValues = ({ db }: QueryContext) => {
  const loose = db as unknown as import("kysely").Kysely<Record<string, Record<string, string | null>>>;
  return {
    sealedTables: () => Object.keys(SEALED_LOCATIONS),
    async readSealedRows(table, after, limit) {
      const { key, columns } = locationOf(table);
      let query = loose.selectFrom(table).select([key, ...columns]).orderBy(key).limit(limit);
      if (after !== null) query = query.where(key, ">", after);
      const rows = await query.execute();
      return rows.map((row): SealedRow => ({ key: String(row[key]), values: Object.fromEntries(columns.map((c) => [c, row[c] ?? null])) }));
    },
    async replaceSealedValues(table, rowKey, changes) {
      const { key, columns } = locationOf(table);
      const entries = Object.entries(changes).filter(([column]) => columns.includes(column));
      if (!entries.length) return false;
      let query = loose.updateTable(table).set(Object.fromEntries(entries.map(([c, v]) => [c, v.to]))).where(key, "=", rowKey);
      for (const [column, { from }] of entries) query = query.where(column, "=", from);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  } satisfies SealedValueStore;
};
