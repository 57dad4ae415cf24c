/**
 * Rewrites README.md's table of settings from their one declaration (src/config/config.ts):
 *   node --import tsx scripts/readme-settings.ts
 * src/cli/options.test.ts fails while the README's table differs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withSettingsTable } from "../src/cli/options.ts";

const file = join(import.meta.dirname, "..", "README.md");
writeFileSync(file, withSettingsTable(readFileSync(file, "utf8")));
