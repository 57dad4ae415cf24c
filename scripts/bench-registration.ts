/**
 * The batch registration family's figures, on the embedded store:
 *  1. latency from CreateBatchOrganizationRegistrationTasks answering to all 10 sub-tasks being in Create
 *     (observed by polling DescribeBatchOrganizationRegistrationTasks), median and p95 over --tasks tasks;
 *  2. CreateBatchOrganizationAuthorizationUrl throughput as a ratio to a bare node:http server (same run).
 *
 *   node --import tsx scripts/bench-registration.ts [--tasks 50] [--seconds 5] [--rounds 3]
 */
import { parseArgs } from "node:util";
import { creditCodeCheckChar } from "../src/domain/identity/credit-code.ts";
import { call, compareThroughput, median, percentile, signRequest, startBare, startEssdProcess, stopAll } from "./bench/support.ts";

const { values: args } = parseArgs({ options: { tasks: { type: "string", default: "50" }, seconds: { type: "string", default: "5" }, rounds: { type: "string", default: "3" } } });

const creditCode = (n: number) => {
  const body = `91440300${String(n).padStart(9, "0")}`;
  return body + creditCodeCheckChar(body);
};
const enterprises = (task: number) =>
  Array.from({ length: 10 }, (_, i) => ({
    OrganizationName: `基准测试企业${task}号${i}有限公司`,
    UniformSocialCreditCode: creditCode(task * 10 + i),
    LegalName: "张三",
    Address: "广东省深圳市南山区科技园",
    AdminName: "李四",
    AdminMobile: "13800000001",
    AdminIdCardNumber: "11010519491231002X",
    AuthorizationTypes: [2],
  }));

try {
  const { url, tenant } = await startEssdProcess();
  const latencies: number[] = [];
  let subTaskIds: string[] = [];
  for (let task = 0; task < Number(args.tasks); task++) {
    const { TaskId } = await call(url, tenant, "CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: enterprises(task) });
    const answered = performance.now();
    for (;;) {
      const urls = await call(url, tenant, "DescribeBatchOrganizationRegistrationUrls", { TaskId });
      if (urls.OrganizationAuthUrls.length) {
        subTaskIds = urls.OrganizationAuthUrls.map((u: { SubTaskId: string }) => u.SubTaskId);
        const details = await call(url, tenant, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: subTaskIds });
        if (details.Details.every((d: { Status: string }) => d.Status === "Create")) break;
        throw new Error(`task ${TaskId} finished with ${JSON.stringify(details.Details)}`);
      }
    }
    latencies.push(performance.now() - answered);
  }
  console.log(
    `task → all 10 sub-tasks in Create (${latencies.length} tasks, embedded store, polling included): median ${median(latencies).toFixed(1)} ms · p95 ${percentile(latencies, 95).toFixed(1)} ms · max ${Math.max(...latencies).toFixed(1)} ms`,
  );

  const bare = await startBare();
  const request = signRequest(url, tenant, "CreateBatchOrganizationAuthorizationUrl", { AdminName: "李四", AdminMobile: "13800000001", SubTaskIds: subTaskIds });
  await compareThroughput("CreateBatchOrganizationAuthorizationUrl", bare, url, request, Number(args.seconds), Number(args.rounds));
} finally {
  stopAll();
}
