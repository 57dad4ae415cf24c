/**
 * essd under one scenario's load, for native tools: starts essd on a fresh store with the fixtures, prints
 * `PID <pid>`, waits `--wait` seconds (attach now), then loads it for `--seconds`. For example:
 *
 *   node --import tsx scripts/bench/probe.ts --scenario 1 --seconds 8 &
 *   strace -c -f -p <pid>            # syscalls per request (divide by the printed request count)
 *   perf record -F 1999 -g -p <pid>  # native frames: SQLite, the kernel, V8
 *
 * `--cpu-prof DIR` profiles essd itself; the load is the profile's last `--seconds` (essd stops right after it):
 * `node --import tsx scripts/bench/profile-top.ts DIR/<main>.cpuprofile --last <seconds>`. `--node-flags="--trace-deopt …"`
 * passes flags to essd's node; what essd prints is discarded unless BENCH_CHILD_LOG=<file> names a file for it.
 */
import { parseArgs } from "node:util";
import { runLoad } from "./driver.ts";
import { startEssd, stopAll } from "./processes.ts";
import { adminPageRequest, apiRequests, createFixtures } from "./scenarios.ts";
import { send } from "./api.ts";
import { scratchDatabase } from "./databases.ts";

const { values } = parseArgs({ options: { scenario: { type: "string", default: "1" }, seconds: { type: "string", default: "10" }, wait: { type: "string", default: "3" }, "cpu-prof": { type: "string" }, "database-url": { type: "string" }, "node-flags": { type: "string" } } });
// On PostgreSQL (`--database-url postgres://…/test`), in a scratch database of that server, dropped at the end.
const database = values["database-url"] ? await scratchDatabase(values["database-url"]) : undefined;
try {
  const essd = await startEssd({
    nodeFlags: [...(values["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", values["cpu-prof"]] : []), ...(values["node-flags"]?.split(" ").filter(Boolean) ?? [])],
    ...(database ? { databaseUrl: database.url } : {}),
  });
  const fixtures = await createFixtures(essd);
  const scenario =
    values.scenario === "6"
      ? { label: "admin's enterprise list page (signed in)", request: await adminPageRequest(essd, fixtures) }
      : apiRequests(essd, fixtures).find((r) => r.scenario === values.scenario);
  if (!scenario) throw new Error(`--scenario takes 1, 2, 3 or 6`);
  await send(essd.url, scenario.request);
  console.log(`PID ${essd.pid}`);
  await new Promise((resolve) => setTimeout(resolve, Number(values.wait) * 1000));
  const result = await runLoad({ url: essd.url, request: scenario.request, connections: 10, seconds: Number(values.seconds) });
  console.log(`${scenario.label}: ${result.requests} requests, ${result.rps.toFixed(0)} rps`);
} finally {
  await stopAll();
  await database?.drop();
}
