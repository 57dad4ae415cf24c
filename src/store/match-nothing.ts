import { sql } from "kysely";

/** `IN ()` is a syntax error in SQL, so "any of no values" is spelled as a condition that never holds. */
export const MATCH_NOTHING = sql<boolean>`1 = 0`;
