import type { AuthFlowRecord } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { beijingDay } from "../formats.ts";
import { checkBase64File } from "../identity/index.ts";
import { contentHash } from "../blobs.ts";
import type { ActingContext } from "../operators.ts";
import { problemWithOrganization, type RegistrationOrganization } from "./organization-rows.ts";
import { normalizeName } from "./registry.ts";
import type { RegistrationEndpoint } from "./urls.ts";
import { activatedRowProblems, bindSubEnterprises, platformFlowOptions, platformRowProblem, rejectDuplicateOpenIds } from "./platform-rows.ts";
import { inTransaction } from "../transaction.ts";

export interface NewRegistrationTask {
  organizations: RegistrationOrganization[];
  endpoint: RegistrationEndpoint;
  batchAuthMethod: number;
  /** How the service numbers rows in its messages (ess from 0, essbasic from 1); 0 when absent. */
  firstRowNumber?: number;
  /**
   * The application whose platform registers its sub-enterprises (essbasic): every row then names its
   * sub-enterprise and admin by OpenId (platform-rows.ts). Absent for an enterprise's own task (ess).
   */
  applicationId?: string;
}

export type CreatedTask = { taskId: string; errorMessages: string[] };

/**
 * Validates a batch and, when every enterprise is acceptable, stores the task and one flow (sub-task) per
 * enterprise in `Processing` before returning; the worker does the rest. A batch with any invalid enterprise
 * stores nothing and answers an empty TaskId with a message per enterprise (reference §6.3 examples).
 */
export async function createRegistrationTask(deps: DomainDeps, acting: ActingContext, input: NewRegistrationTask): Promise<CreatedTask> {
  const { applicationId } = input;
  const first = input.firstRowNumber ?? 0;
  rejectDuplicates(input.organizations);
  if (applicationId) rejectDuplicateOpenIds(input.organizations);
  const now = deps.clock.now();
  const context = { idChecks: deps.registration.idChecks, today: new Date(now), batchAuthMethod: input.batchAuthMethod };
  let problems = input.organizations.map((org, i) => problemWithOrganization(org, i + first, context) ?? (applicationId ? platformRowProblem(org, i + first) : undefined) ?? "");
  if (applicationId && !problems.some(Boolean)) problems = await activatedRowProblems(deps, applicationId, input.organizations, first);
  if (problems.some(Boolean)) return { taskId: "", errorMessages: problems };

  const organizationId = acting.organization.id;
  const taskId = deps.ids.next("organization");
  const files: Buffer[] = [];
  const flows = input.organizations.map((org, position) => newFlow(deps, { organizationId, operatorId: acting.operator.id, taskId, position, org, now, applicationId }, files));
  await inTransaction(deps, async (tx) => {
    const { store } = tx;
    const day = beijingDay(now);
    const used = await store.addToQuota(`registrations:${organizationId}:${day.day}`, flows.length, day.endsAt, now);
    if (used > deps.registration.dailyOrganizationLimit) {
      throw errors.dailyRegistrationLimit({ limit: deps.registration.dailyOrganizationLimit });
    }
    // Files are kept only once the task is certain to be accepted (content-addressed, so a retry stores nothing twice).
    for (const bytes of files) await deps.blobs.put(bytes);
    await store.insertRegistrationTask(
      {
        id: taskId,
        organizationId,
        operatorId: acting.operator.id,
        endpoint: input.endpoint,
        batchAuthMethod: input.batchAuthMethod,
        state: "pending",
        attempts: 0,
        leaseUntil: null,
        nextAttemptAt: now,
        lastError: null,
        createdAt: now,
        finishedAt: null,
      },
      flows,
    );
    if (applicationId) await bindSubEnterprises(tx, applicationId, input.organizations.map((org, i) => ({ org, flow: flows[i]! })));
  });
  deps.notifyWork("registration");
  return { taskId, errorMessages: input.organizations.map(() => "") };
}

function rejectDuplicates(organizations: RegistrationOrganization[]): void {
  const names = new Set<string>();
  const codes = new Set<string>();
  for (const org of organizations) {
    const name = normalizeName(org.OrganizationName);
    if (names.has(name)) {
      throw errors.duplicateOrganizationName({ name: org.OrganizationName });
    }
    names.add(name);
    const code = org.UniformSocialCreditCode.trim().toUpperCase();
    if (codes.has(code)) {
      throw errors.duplicateCreditCode({ code: org.UniformSocialCreditCode });
    }
    codes.add(code);
  }
}

/** The flow (sub-task) of one enterprise; its decoded files are appended to `files` for storing. */
function newFlow(
  deps: DomainDeps,
  at: { organizationId: string; operatorId: string; taskId: string; position: number; org: RegistrationOrganization; now: number; applicationId?: string },
  files: Buffer[],
): AuthFlowRecord {
  const { org } = at;
  const seal = (value: string | undefined) => (value ? deps.box.seal(value.trim()) : null);
  const hash = (value: string | undefined) => (value ? deps.box.lookupHash(value.trim()) : null);
  const describeFile = (b64: string) => {
    const file = checkBase64File(b64, ["png", "jpg", "pdf"], Number.MAX_SAFE_INTEGER);
    if (!file.ok) throw new Error("a file passed validation but cannot be decoded");
    files.push(file.bytes);
    return { hash: contentHash(file.bytes), type: file.type, bytes: file.bytes.length };
  };
  return {
    id: deps.ids.next("organization"),
    subTaskId: deps.ids.next("organization"),
    taskId: at.taskId,
    position: at.position,
    organizationId: at.organizationId,
    operatorId: at.operatorId,
    source: "batch",
    organizationName: org.OrganizationName.trim(),
    nameKey: normalizeName(org.OrganizationName),
    creditCode: org.UniformSocialCreditCode.trim().toUpperCase(),
    legalName: org.LegalName.trim(),
    address: org.Address?.trim() ?? "",
    adminName: org.AdminName?.trim() ?? "",
    adminMobileSealed: seal(org.AdminMobile),
    adminMobileHash: hash(org.AdminMobile),
    adminIdType: org.AdminIdCardType ?? "ID_CARD",
    adminIdSealed: seal(org.AdminIdCardNumber?.toUpperCase()),
    adminIdHash: hash(org.AdminIdCardNumber?.toUpperCase()),
    authorizationTypes: org.AuthorizationTypes ?? [],
    status: "Processing",
    state: "active",
    errorMessage: "",
    authType: 0,
    auditStatus: 0,
    reason: "",
    linkToken: null,
    verifiedOrganizationId: null,
    options: {
      ...(org.BusinessLicense ? { businessLicense: describeFile(org.BusinessLicense) } : {}),
      ...(org.PowerOfAttorneys?.length ? { powerOfAttorneys: org.PowerOfAttorneys.map(describeFile) } : {}),
      ...(at.applicationId ? { platform: platformFlowOptions(at.applicationId, org) } : {}),
      ...(org.AutoJumpUrl?.trim() ? { autoJumpUrl: org.AutoJumpUrl.trim() } : {}),
    },
    createdAt: at.now,
    updatedAt: at.now,
  };
}
