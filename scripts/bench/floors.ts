/**
 * The stack's ceilings on their own: the bare server beside each API floor of `floor.mjs` in the same rounds, so
 * one can see what the libraries alone allow, without essd. `tc3` (a signed call that touches no store) bounds
 * every action from above; `sqlite-select` / `sqlite-insert` add the one statement a read or a write needs.
 *
 *   node --import tsx scripts/bench/floors.ts [--modes tc3,sqlite-select,sqlite-insert] [--rounds 5] [--seconds 3] [--cpu-prof DIR]
 *
 * The request is scenario 3's (DescribeOrganizationAuthStatus, signed by a fresh essd's demo key); the floors check
 * its signature and answer without reading it further, so the action does not matter.
 */
import { parseArgs } from "node:util";
import { signedRequest } from "./api.ts";
import { compareWithBare } from "./measure.ts";
import { startBare, startEssd, startFloor, stopAll, stopChild, type FloorMode } from "./processes.ts";

const { values } = parseArgs({
  options: {
    modes: { type: "string", default: "tc3,sqlite-select,sqlite-insert" },
    rounds: { type: "string", default: "5" },
    seconds: { type: "string", default: "3" },
    "cpu-prof": { type: "string" },
  },
});
const modes = values.modes!.split(",") as FloorMode[];

try {
  // essd only lends its demo key: the floors verify signatures made with it.
  const essd = await startEssd();
  await stopChild(essd.child);
  const bare = await startBare();
  const floors = await Promise.all(modes.map((mode) => startFloor(mode, essd.tenant, undefined, undefined, values["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", values["cpu-prof"]] : [])));
  const targets = floors.map((server) => ({ server, request: signedRequest(server.url, essd.tenant, "DescribeOrganizationAuthStatus", { UniformSocialCreditCode: "91110000600037341L" }) }));
  const measured = await compareWithBare(bare, targets, { seconds: Number(values.seconds), rounds: Number(values.rounds), warmSeconds: 1, connections: 10 });
  console.log(`bare ${Math.round(measured[0]!.bareRps)} rps`);
  for (const [i, m] of measured.entries()) {
    console.log(`${modes[i]!.padEnd(14)} ${m.ratio.toFixed(3)} × bare  ${Math.round(m.rps)} rps  ${Math.round(m.cpuUsPerRequest)} µs CPU/req  p50 ${m.p50Ms.toFixed(2)} ms${m.errors ? `  ${m.errors} errors: ${m.firstError}` : ""}`);
  }
} finally {
  await stopAll();
}
