import type { FlowExpiry, FlowSummary } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { issueLink } from "../links.ts";
import type { ActingContext } from "../operators.ts";
import { NEWEST_SUB_TASKS } from "./describe.ts";
import { normalizeName } from "./registry.ts";
import { batchAuthorizationUrl, type BatchLinkEndpoint } from "./urls.ts";

export const BATCH_LINK_TTL_SECONDS = 7 * 86_400;

export interface BatchAdmin {
  name: string;
  mobile: string;
  idType?: string;
  idNumber?: string;
}

/** The super-admin a batch link is for, as sub-tasks are compared with it (hashes, never the plain values). */
interface AdminIdentity {
  name: string;
  mobileHash: string;
  idType: string;
  /** Compared only when the caller gave an ID number. */
  idHash?: string;
}

/**
 * One link through which one super-admin authenticates many enterprises. Sub-tasks that are not this admin's,
 * not ready, failed, cleared, verified or expired are left out, each with the reason in `errorMessages`.
 * Without `admin` (essbasic makes the admin's fields optional), `subTaskIds` name the sub-tasks and the admin is
 * the first named sub-task's; the others must be that admin's as when the admin is given.
 */
export async function createBatchAuthorizationLink(
  deps: DomainDeps,
  acting: ActingContext,
  input: { admin?: BatchAdmin; subTaskIds?: string[]; endpoint: BatchLinkEndpoint },
): Promise<{ authUrl: string; expireTime: number; errorMessages: string[] }> {
  const organizationId = acting.organization.id;
  if (!input.admin && !input.subTaskIds?.length) throw errors.adminOrSubTaskIdsMissing();
  const given = input.admin && adminIdentity(deps, input.admin);
  // The flows and their links' expiry in one statement. By SubTaskIds in any order (the loop below goes by the
  // list). Without them, the admin's NEWEST_SUB_TASKS newest sub-tasks (as many as SubTaskIds may name), oldest
  // first as the link lists them: an admin may have millions.
  const found = input.subTaskIds
    ? await deps.store.findFlowExpiries(organizationId, { subTaskIds: input.subTaskIds })
    : (await deps.store.findFlowExpiries(organizationId, { adminMobileHash: given!.mobileHash, subTasksOnly: true, newest: NEWEST_SUB_TASKS })).reverse();
  const bySubTask = new Map<string, FlowExpiry>();
  for (const flow of found) if (flow.subTaskId) bySubTask.set(flow.subTaskId, flow);
  const wanted = input.subTaskIds ?? [...bySubTask.keys()];
  const admin = given ?? adminOfFirst(wanted.map((id) => bySubTask.get(id)));
  const now = deps.clock.now();

  const accepted: FlowSummary[] = [];
  const errorMessages: string[] = [];
  for (const subTaskId of new Set(wanted)) {
    const flow = bySubTask.get(subTaskId);
    const why = !flow ? "不存在" : !admin ? "没有超管信息，已被筛选" : whyNotEligible(flow, admin, now);
    if (why) errorMessages.push(`子任务[${subTaskId}]${flow ? `（${flow.organizationName}）` : ""}${why}`);
    else accepted.push(flow!);
  }
  if (!accepted.length || !admin) {
    throw errors.noSubTaskForBatchLink({ refusals: errorMessages });
  }

  // ExpireTime is exactly 7 days after creation in whole seconds, as the official example shows.
  const expireTime = Math.floor(now / 1000) + BATCH_LINK_TTL_SECONDS;
  const link = await issueLink(deps, {
    kind: "batch-authorization",
    organizationId,
    target: { flowIds: accepted.map((f) => f.id), adminName: admin.name, adminMobileHash: admin.mobileHash, operatorId: acting.operator.id },
    ttlMs: expireTime * 1000 - now,
  });
  return { authUrl: batchAuthorizationUrl(deps.publicUrl, input.endpoint, link), expireTime, errorMessages };
}

function adminIdentity(deps: DomainDeps, admin: BatchAdmin): AdminIdentity {
  return {
    name: admin.name.trim(),
    mobileHash: deps.box.lookupHash(admin.mobile.trim()),
    idType: admin.idType ?? "ID_CARD",
    ...(admin.idNumber ? { idHash: deps.box.lookupHash(admin.idNumber.trim().toUpperCase()) } : {}),
  };
}

/** The admin of the first named sub-task that has one (name and mobile). */
function adminOfFirst(flows: Array<FlowSummary | undefined>): AdminIdentity | undefined {
  const flow = flows.find((f) => f?.adminName && f.adminMobileHash);
  return flow ? { name: flow.adminName, mobileHash: flow.adminMobileHash!, idType: flow.adminIdType } : undefined;
}

function whyNotEligible(flow: FlowExpiry, admin: AdminIdentity, now: number): string | undefined {
  const sameAdmin =
    normalizeName(flow.adminName) === normalizeName(admin.name) &&
    flow.adminMobileHash === admin.mobileHash &&
    admin.idType === flow.adminIdType &&
    (!admin.idHash || !flow.adminIdHash || flow.adminIdHash === admin.idHash);
  if (!sameAdmin) return "不属于该超管，已被筛选";
  if (flow.state === "cleared") return "的认证流已被清除";
  if (flow.state === "verified") return "的企业已完成认证";
  if (flow.status === "Processing") return "仍在处理中，请稍后再试";
  if (flow.status === "Failed") return `认证任务失败：${flow.errorMessage}`;
  if (!flow.linkToken || flow.linkExpiresAt === null || flow.linkExpiresAt <= now) return "的认证链接已过期";
  return undefined;
}

