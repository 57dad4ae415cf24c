import { sql, type Kysely, type Migration } from "kysely";

// Kept literal (not imported) so this migration stays as it ran, whatever the code later names the claim.
const CLAIM_PREFIX = "sub-enterprise-by-credit-code:";

/**
 * Since one real enterprise became one organization across applications (activation.ts), verifying a
 * sub-enterprise claims its credit code in `settings` (`sub-enterprise-by-credit-code:<CODE>` → OrganizationId), and
 * a later verification under another application joins the claimed organization. Sub-enterprises verified before
 * that have no claim, so verifying one again made a second organization. This claims every credit code of a
 * verified sub-enterprise (an organization some application's sub-enterprise became) for its oldest organization
 * (then the smallest id), in one set-based statement; a code already claimed keeps its claim. Enterprises verified
 * through ess flows are not claimed: an ess verification never reuses or claims an organization.
 */
export const m0018_sub_enterprise_claims: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      insert into settings (key, value)
      select ${CLAIM_PREFIX} || code, organization_id
      from (
        select upper(trim(o.credit_code)) as code, o.id as organization_id,
               row_number() over (partition by upper(trim(o.credit_code)) order by o.created_at, o.id) as seniority
        from proxy_organizations p
        join organizations o on o.id = p.organization_id
        where o.credit_code is not null and trim(o.credit_code) <> ''
      ) verified
      where seniority = 1
      on conflict (key) do nothing
    `.execute(db);
  },
  // The claims are what every verification since has written too: nothing to undo.
  async down() {},
};
