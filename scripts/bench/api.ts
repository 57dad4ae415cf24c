/** Signed API calls for the benchmark: requests signed once and replayed (TC3 signs no nonce), and plain calls. */
import { creditCodeCheckChar } from "../../src/domain/identity/credit-code.ts";
import type { LoadRequest } from "./driver.ts";
import { signRequest } from "./support.ts";
import type { Tenant } from "./processes.ts";

/** A TC3-signed POST to `/`; valid for the 300 s signature window, so sign it just before its scenario. */
export function signedRequest(url: string, tenant: Tenant, action: string, params: Record<string, unknown>): LoadRequest {
  return { ...signRequest(url, tenant, action, params), method: "POST", path: "/" };
}

/** Sends a prepared request once; fails on an HTTP error or an API Error, so no benchmark measures failures. */
export async function send(url: string, request: LoadRequest): Promise<Record<string, any>> {
  const response = await fetch(new URL(request.path, url), { method: request.method, headers: request.headers, body: request.body, redirect: "manual" });
  if (response.status >= 400) throw new Error(`${request.method} ${request.path}: HTTP ${response.status}`);
  if (!(response.headers.get("content-type") ?? "").startsWith("application/json")) return { status: response.status };
  const json = (await response.json()) as { Response: Record<string, any> };
  if (json.Response.Error) throw new Error(`${request.headers["x-tc-action"]}: ${JSON.stringify(json.Response.Error)}`);
  return json.Response;
}

export const call = (url: string, tenant: Tenant, action: string, params: Record<string, unknown>) => send(url, signedRequest(url, tenant, action, params));

export const creditCode = (n: number): string => {
  const body = `91440300${String(n).padStart(9, "0")}`;
  return body + creditCodeCheckChar(body);
};

export const ADMIN = { AdminName: "李四", AdminMobile: "13800000001" } as const;

/** `count` valid enterprises numbered from `first` (distinct names and credit codes), all with the same admin. */
export const enterprises = (first: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    OrganizationName: `基准测试企业${first + i}号有限公司`,
    UniformSocialCreditCode: creditCode(first + i),
    LegalName: "张三",
    Address: "广东省深圳市南山区科技园",
    ...ADMIN,
    AdminIdCardNumber: "11010519491231002X",
    AuthorizationTypes: [2],
  }));

/**
 * Polls until the task's sub-tasks have links, i.e. are out of Processing; answers their ids. The pause between
 * polls is 2 ms, or a tenth of the time waited so far once that is longer: the latency is seen to within 10 %
 * (2 ms up to 20 ms), and a task that waits seconds is not polled a thousand times. Polling every 2 ms whatever
 * the wait made each pending task cost essd more the later it got, so a queue that grew fed itself (issue 13's
 * scenario 4 measured its own polls).
 */
export async function untilReady(url: string, tenant: Tenant, taskId: string, timeoutMs = 30_000, sentAt = performance.now()): Promise<string[]> {
  const poll = signedRequest(url, tenant, "DescribeBatchOrganizationRegistrationUrls", { TaskId: taskId });
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const { OrganizationAuthUrls } = await send(url, poll);
    if (OrganizationAuthUrls?.length) return OrganizationAuthUrls.map((u: { SubTaskId: string }) => u.SubTaskId);
    await new Promise((resolve) => setTimeout(resolve, Math.max(2, (performance.now() - sentAt) / 10)));
  }
  throw new Error(`task ${taskId} not ready after ${timeoutMs} ms`);
}
