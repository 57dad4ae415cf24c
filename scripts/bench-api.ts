/**
 * Throughput of one signed essd action (default DescribeIntegrationEmployees) against a bare node:http server
 * answering a fixed JSON, measured in the same run; only the ratio means something on a shared machine.
 *
 *   node --import tsx scripts/bench-api.ts [--action NAME] [--seconds 5] [--rounds 3]
 */
import { parseArgs } from "node:util";
import { call, compareThroughput, signRequest, startBare, startEssdProcess, stopAll } from "./bench/support.ts";

const { values: args } = parseArgs({
  options: { action: { type: "string", default: "DescribeIntegrationEmployees" }, seconds: { type: "string", default: "5" }, rounds: { type: "string", default: "3" } },
});
try {
  const essd = await startEssdProcess();
  const bare = await startBare();
  await call(essd.url, essd.tenant, args.action!, {});
  await compareThroughput(args.action!, bare, essd.url, signRequest(essd.url, essd.tenant, args.action!, {}), Number(args.seconds), Number(args.rounds));
} finally {
  stopAll();
}
