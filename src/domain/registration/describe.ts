import type { AuthFlowRecord, TaskFlowLink } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import type { ActingContext } from "../operators.ts";
import { registrationUrl, type RegistrationEndpoint } from "./urls.ts";

export interface SubTaskLink {
  subTaskId: string;
  organizationName: string;
  authUrl?: string;
  errorMessage: string;
}

/** The links of a task's enterprises; empty while the task is still being processed (reference §6.4). */
export async function describeTaskLinks(deps: DomainDeps, acting: ActingContext, taskId: string): Promise<SubTaskLink[]> {
  // The task and its flows' links (up to 50) in one statement.
  const task = await deps.store.findTaskLinks(taskId);
  // Another organization's task answers exactly like one that does not exist.
  if (!task || task.organizationId !== acting.organization.id) {
    throw errors.taskNotFound({ taskId });
  }
  if (task.state !== "done") return [];
  return task.flows.map((flow) => linkOf(deps, flow, task.endpoint as RegistrationEndpoint));
}

function linkOf(deps: DomainDeps, flow: TaskFlowLink, endpoint: RegistrationEndpoint): SubTaskLink {
  const subTaskId = flow.subTaskId ?? "";
  const organizationName = flow.organizationName;
  if (flow.state === "cleared") return { subTaskId, organizationName, errorMessage: "认证流已被清除" };
  if (flow.status === "Failed" || !flow.linkToken || flow.linkShortCode === undefined) return { subTaskId, organizationName, errorMessage: flow.errorMessage };
  const authUrl = registrationUrl(deps.publicUrl, endpoint, { token: flow.linkToken, shortCode: flow.linkShortCode }, organizationName);
  return { subTaskId, organizationName, authUrl, errorMessage: "" };
}

export interface SubTaskDetail {
  subTaskId: string;
  status: AuthFlowRecord["status"];
  errorMessage: string;
  authorizationInfoId: string;
}

/** How many sub-tasks DescribeBatchOrganizationRegistrationTasks answers without TaskIds: as many as TaskIds may name. */
export const NEWEST_SUB_TASKS = 100;

/**
 * Sub-task states in the order asked; ids unknown to (or foreign to) the organization are left out. Without ids,
 * the organization's NEWEST_SUB_TASKS newest sub-tasks, newest first (docs/compatibility.md): an organization may
 * hold millions, and all of them would be read, decrypted and sent.
 */
export async function describeSubTasks(deps: DomainDeps, acting: ActingContext, subTaskIds: string[] | undefined): Promise<SubTaskDetail[]> {
  const flows = await deps.store.findAuthFlows(acting.organization.id, subTaskIds ? { subTaskIds } : { subTasksOnly: true, newest: NEWEST_SUB_TASKS });
  const bySubTask = new Map(flows.filter((f) => f.subTaskId).map((f) => [f.subTaskId!, f]));
  const order = subTaskIds ?? [...bySubTask.keys()];
  return order
    .map((id) => bySubTask.get(id))
    .filter((f): f is AuthFlowRecord => f !== undefined)
    .map((f) => ({
      subTaskId: f.subTaskId!,
      status: f.status,
      errorMessage: f.state === "cleared" ? "认证流已被清除" : f.errorMessage,
      authorizationInfoId: f.id,
    }));
}
