import { SEALED_PATTERN, type SecretBox } from "../../platform/secret-box.ts";
import type { Store } from "../../store/ports.ts";

const BATCH = 1_000;

/** How many sealed values sit under each key: key id (or `v1:<id>` for the first format) → count. */
export async function sealedValueCensus(store: Store, box: SecretBox): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of store.sealedTables()) {
    let after: string | null = null;
    for (;;) {
      const rows = await store.readSealedRows(table, after, BATCH);
      for (const row of rows) {
        for (const text of Object.values(row.values)) {
          for (const sealed of text?.match(SEALED_PATTERN) ?? []) {
            const id = box.keyIdOf(sealed);
            counts.set(id, (counts.get(id) ?? 0) + 1);
          }
        }
      }
      if (rows.length < BATCH) break;
      after = rows.at(-1)!.key;
    }
  }
  return counts;
}

/** The census's values not under `activeId`: the first format counts as under the key that opens it. */
export function valuesNotUnder(counts: ReadonlyMap<string, number>, activeId: string): Array<{ keyId: string; count: number }> {
  return [...counts].filter(([id]) => id !== activeId && id !== `v1:${activeId}`).map(([keyId, count]) => ({ keyId, count }));
}
