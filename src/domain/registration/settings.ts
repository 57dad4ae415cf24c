import type { CheckMode } from "../identity/credit-code.ts";
import type { EnterpriseRegistry } from "./registry.ts";

/** How strictly registration data is checked, and against what. */
export interface RegistrationSettings {
  /** strict: checksums and dates; format: shapes only; off: presence only (`--id-checks`). */
  idChecks: CheckMode;
  /** Enterprises one organization may submit per Beijing day (ESS: 8000). */
  dailyOrganizationLimit: number;
  registry: EnterpriseRegistry;
}
