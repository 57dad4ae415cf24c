/**
 * "1 migration", "3 migrations", "0 rows": a count and its noun, singular only for exactly one. `plural` for the
 * nouns that take more than an s (pass → passes, batch → batches).
 */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
