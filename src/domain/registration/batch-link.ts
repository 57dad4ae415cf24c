import type { AuthFlowRecord } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { issueLink } from "../links.ts";
import type { ActingContext } from "../operators.ts";
import { normalizeName } from "./registry.ts";
import { batchAuthorizationUrl, type BatchLinkEndpoint } from "./urls.ts";

export const BATCH_LINK_TTL_SECONDS = 7 * 86_400;

export interface BatchAdmin {
  name: string;
  mobile: string;
  idType?: string;
  idNumber?: string;
}

/**
 * One link through which one super-admin authenticates many enterprises. Sub-tasks that are not this admin's,
 * not ready, failed, cleared, verified or expired are left out, each with the reason in `errorMessages`.
 */
export async function createBatchAuthorizationLink(
  deps: DomainDeps,
  acting: ActingContext,
  input: { admin: BatchAdmin; subTaskIds?: string[]; endpoint: BatchLinkEndpoint },
): Promise<{ authUrl: string; expireTime: number; errorMessages: string[] }> {
  const organizationId = acting.organization.id;
  const mobileHash = deps.box.lookupHash(input.admin.mobile.trim());
  const flows = input.subTaskIds
    ? await deps.store.findAuthFlows(organizationId, { subTaskIds: input.subTaskIds })
    : await deps.store.findAuthFlows(organizationId, { adminMobileHash: mobileHash });
  const bySubTask = new Map(flows.filter((f) => f.subTaskId).map((f) => [f.subTaskId!, f]));
  const wanted = input.subTaskIds ?? [...bySubTask.keys()];
  const now = deps.clock.now();

  const accepted: AuthFlowRecord[] = [];
  const errorMessages: string[] = [];
  for (const subTaskId of new Set(wanted)) {
    const flow = bySubTask.get(subTaskId);
    const why = flow ? await whyNotEligible(deps, flow, input.admin, mobileHash, now) : "不存在";
    if (why) errorMessages.push(`子任务[${subTaskId}]${flow ? `（${flow.organizationName}）` : ""}${why}`);
    else accepted.push(flow!);
  }
  if (!accepted.length) {
    throw errors.noSubTaskForBatchLink({ refusals: errorMessages });
  }

  // ExpireTime is exactly 7 days after creation in whole seconds, as the official example shows.
  const expireTime = Math.floor(now / 1000) + BATCH_LINK_TTL_SECONDS;
  const link = await issueLink(deps, {
    kind: "batch-authorization",
    organizationId,
    target: { flowIds: accepted.map((f) => f.id), adminName: input.admin.name.trim(), adminMobileHash: mobileHash, operatorId: acting.operator.id },
    ttlMs: expireTime * 1000 - now,
  });
  return { authUrl: batchAuthorizationUrl(deps.publicUrl, input.endpoint, link), expireTime, errorMessages };
}

async function whyNotEligible(deps: DomainDeps, flow: AuthFlowRecord, admin: BatchAdmin, mobileHash: string, now: number): Promise<string | undefined> {
  const sameAdmin =
    normalizeName(flow.adminName) === normalizeName(admin.name) &&
    flow.adminMobileHash === mobileHash &&
    (admin.idType ?? "ID_CARD") === flow.adminIdType &&
    (!admin.idNumber || !flow.adminIdHash || flow.adminIdHash === deps.box.lookupHash(admin.idNumber.trim().toUpperCase()));
  if (!sameAdmin) return "不属于该超管，已被筛选";
  if (flow.state === "cleared") return "的认证流已被清除";
  if (flow.state === "verified") return "的企业已完成认证";
  if (flow.status === "Processing") return "仍在处理中，请稍后再试";
  if (flow.status === "Failed") return `认证任务失败：${flow.errorMessage}`;
  const link = flow.linkToken ? await deps.store.getLink(flow.linkToken) : undefined;
  if (!link || link.expiresAt <= now) return "的认证链接已过期";
  return undefined;
}

