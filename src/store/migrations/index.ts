import type { Migration } from "kysely";
import { m0001_foundation } from "./0001-foundation.ts";
import { m0002_registration } from "./0002-registration.ts";
import { m0003_blobs } from "./0003-blobs.ts";
import { m0004_callbacks } from "./0004-callbacks.ts";
import { m0005_human_steps } from "./0005-human-steps.ts";
import { m0006_platforms } from "./0006-platforms.ts";
import { m0007_organization_groups } from "./0007-organization-groups.ts";
import { m0008_employee_departures } from "./0008-employee-departures.ts";
import { m0009_cache_notify } from "./0009-cache-notify.ts";
import { m0010_initializations } from "./0010-initializations.ts";
import { m0011_proxy_organization_pages } from "./0011-proxy-organization-pages.ts";
import { m0012_organization_changes } from "./0012-organization-changes.ts";
import { m0013_link_verification_owner } from "./0013-link-verification-owner.ts";
import { m0014_one_change_under_review } from "./0014-one-change-under-review.ts";
import { m0015_link_removal_notify } from "./0015-link-removal-notify.ts";
import { m0016_lookup_indexes } from "./0016-lookup-indexes.ts";
import { m0017_work_notify } from "./0017-work-notify.ts";
import { m0018_sub_enterprise_claims } from "./0018-sub-enterprise-claims.ts";
import { m0019_employee_roles_by_role } from "./0019-employee-roles-by-role.ts";
import { m0020_newest_sub_tasks } from "./0020-newest-sub-tasks.ts";
import { m0021_organizations_by_age } from "./0021-organizations-by-age.ts";
import { m0022_employees_by_mobile_and_age } from "./0022-employees-by-mobile-and-age.ts";
import { m0023_organizations_by_credit_code } from "./0023-organizations-by-credit-code.ts";
import { m0024_employee_lookups } from "./0024-employee-lookups.ts";
import { m0025_flows_by_name_and_code_newest } from "./0025-flows-by-name-and-code-newest.ts";
import { m0026_organization_changes_by_new_name } from "./0026-organization-changes-by-new-name.ts";
import { m0027_filtered_pages } from "./0027-filtered-pages.ts";
import { m0028_paged_lists } from "./0028-paged-lists.ts";
import { m0029_explorer_lists } from "./0029-explorer-lists.ts";

/** Every migration in order; names sort as they must run. Explicit so a search finds them all. */
export const migrations: Record<string, Migration> = {
  "0001-foundation": m0001_foundation,
  "0002-registration": m0002_registration,
  "0003-blobs": m0003_blobs,
  "0004-callbacks": m0004_callbacks,
  "0005-human-steps": m0005_human_steps,
  "0006-platforms": m0006_platforms,
  "0007-organization-groups": m0007_organization_groups,
  "0008-employee-departures": m0008_employee_departures,
  "0009-cache-notify": m0009_cache_notify,
  "0010-initializations": m0010_initializations,
  "0011-proxy-organization-pages": m0011_proxy_organization_pages,
  "0012-organization-changes": m0012_organization_changes,
  "0013-link-verification-owner": m0013_link_verification_owner,
  "0014-one-change-under-review": m0014_one_change_under_review,
  "0015-link-removal-notify": m0015_link_removal_notify,
  "0016-lookup-indexes": m0016_lookup_indexes,
  "0017-work-notify": m0017_work_notify,
  "0018-sub-enterprise-claims": m0018_sub_enterprise_claims,
  "0019-employee-roles-by-role": m0019_employee_roles_by_role,
  "0020-newest-sub-tasks": m0020_newest_sub_tasks,
  "0021-organizations-by-age": m0021_organizations_by_age,
  "0022-employees-by-mobile-and-age": m0022_employees_by_mobile_and_age,
  "0023-organizations-by-credit-code": m0023_organizations_by_credit_code,
  "0024-employee-lookups": m0024_employee_lookups,
  "0025-flows-by-name-and-code-newest": m0025_flows_by_name_and_code_newest,
  "0026-organization-changes-by-new-name": m0026_organization_changes_by_new_name,
  "0027-filtered-pages": m0027_filtered_pages,
  "0028-paged-lists": m0028_paged_lists,
  "0029-explorer-lists": m0029_explorer_lists,
};
