/**
 * Mixed, realistic traffic: what an integrating platform does all day — mostly reads of tasks, links and statuses,
 * some link creation, new registration tasks and employees now and then, and people opening the links. Every
 * request is one that should succeed: anything else (HTTP ≥ 400, an API Error, no answer) is an error.
 */
import { signedRequest } from "../bench/api.ts";
import { ADMIN, creditCode, enterprises, send, untilReady } from "../bench/api.ts";
import type { Tenant } from "../bench/processes.ts";

export interface Fixtures {
  taskId: string;
  subTasks: string[];
  creditCode: string;
  /** A link an admin opens (the batch authorization link, short form). */
  linkPath: string;
}

let serial = 0;
/** Credit codes and mobiles no fixture uses: a run's new enterprises start far above them. */
const fresh = () => 500_000 + process.pid * 10_000 + ++serial;

export async function createFixtures(url: string, tenant: Tenant): Promise<Fixtures> {
  const call = (action: string, params: Record<string, unknown>) => send(url, signedRequest(url, tenant, action, params));
  const { TaskId } = await call("CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: enterprises(1, 10) });
  const subTasks = await untilReady(url, tenant, TaskId, 120_000);
  const { AuthUrl } = await call("CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: subTasks.slice(0, 3), Endpoint: "HTTP" });
  const link = new URL(AuthUrl);
  return { taskId: TaskId, subTasks: subTasks.slice(0, 3), creditCode: creditCode(1), linkPath: link.pathname + link.search };
}

export interface Kind {
  name: string;
  weight: number;
  send(url: string, tenant: Tenant, f: Fixtures): Promise<unknown>;
}

const api = (action: string, params: (f: Fixtures) => Record<string, unknown>) => (url: string, tenant: Tenant, f: Fixtures) => send(url, signedRequest(url, tenant, action, params(f)));

export const MIX: Kind[] = [
  { name: "DescribeBatchOrganizationRegistrationUrls", weight: 25, send: api("DescribeBatchOrganizationRegistrationUrls", (f) => ({ TaskId: f.taskId })) },
  { name: "DescribeBatchOrganizationRegistrationTasks", weight: 10, send: api("DescribeBatchOrganizationRegistrationTasks", (f) => ({ TaskIds: [f.taskId] })) },
  { name: "DescribeOrganizationAuthStatus", weight: 20, send: api("DescribeOrganizationAuthStatus", (f) => ({ UniformSocialCreditCode: f.creditCode })) },
  { name: "DescribeIntegrationEmployees", weight: 15, send: api("DescribeIntegrationEmployees", () => ({ Limit: 20 })) },
  { name: "CreateBatchOrganizationAuthorizationUrl", weight: 10, send: api("CreateBatchOrganizationAuthorizationUrl", (f) => ({ ...ADMIN, SubTaskIds: f.subTasks, Endpoint: "HTTP" })) },
  {
    name: "CreateBatchOrganizationRegistrationTasks",
    weight: 4,
    send: api("CreateBatchOrganizationRegistrationTasks", () => ({ RegistrationOrganizations: enterprises(fresh(), 1) })),
  },
  {
    name: "CreateIntegrationEmployees",
    weight: 4,
    send: api("CreateIntegrationEmployees", () => ({ Employees: [{ DisplayName: "压测员工", Mobile: `139${String(fresh() % 1e8).padStart(8, "0")}` }], InvitationNotifyType: "NONE" })),
  },
  { name: "GET link page", weight: 12, send: (url, _t, f) => send(url, { method: "GET", path: f.linkPath, headers: {} }) },
];

const TOTAL_WEIGHT = MIX.reduce((sum, k) => sum + k.weight, 0);

/** The kind of the `n`th request: the mix's weights, spread evenly (no randomness to explain away). */
export function kindOf(n: number): Kind {
  let at = (n * 7919) % TOTAL_WEIGHT;
  for (const kind of MIX) {
    if (at < kind.weight) return kind;
    at -= kind.weight;
  }
  return MIX[0]!;
}
