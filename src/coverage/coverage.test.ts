/**
 * The coverage map: built from the registry (every spec action, implemented or not, with totals), the static count
 * of tests calling an action, and docs/coverage.md + test-counts.json kept fresh by scripts/coverage-doc.ts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { staleCoverageFiles } from "../../scripts/coverage-doc.ts";
import { services } from "../actions/services.ts";
import { defineAction } from "../protocol/action.ts";
import { registerServices } from "../protocol/services.ts";
import { Agent, UserInfo } from "../protocol/shapes.ts";
import { specWith } from "../../test/support/wire-request.ts";
import { coverageMap } from "./map.ts";
import { coverageMarkdown, coverageTable } from "./render.ts";
import { countTestsCalling } from "./test-references.ts";

const Echo = defineAction({
  name: "Echo",
  description: { zh: "回显", en: "Echo" },
  input: () => z.strictObject({ Operator: UserInfo, Agent }),
  handle: async () => ({}),
});

describe("the coverage map", () => {
  const registry = registerServices([
    { spec: specWith(["Echo", "Later", "Alpha"]), actions: [Echo], signedBy: "enterprise" },
    { spec: specWith(["Channel"], { service: "essbasic", version: "2021-05-26" }), actions: [], signedBy: "application" },
  ]);

  it("lists every spec action per service with its title, implemented flag, totals and test counts for implemented ones", () => {
    const map = coverageMap(registry, { Echo: { tests: 3, files: 2 }, Later: { tests: 9, files: 9 } });
    assert.deepEqual(map, {
      services: [
        {
          service: "ess",
          version: "2020-11-11",
          implemented: 1,
          total: 3,
          actions: [
            { name: "Alpha", title: "Alpha", implemented: false },
            { name: "Echo", title: "Echo", implemented: true, tests: 3, testFiles: 2 },
            { name: "Later", title: "Later", implemented: false },
          ],
        },
        { service: "essbasic", version: "2021-05-26", implemented: 0, total: 1, actions: [{ name: "Channel", title: "Channel", implemented: false }] },
      ],
    });
    const table = coverageTable(map);
    assert.match(table, /Echo\s+implemented\s+3/);
    assert.match(table, /Later\s+not implemented\s+-/);
    assert.match(table, /essbasic 2021-05-26: 0 of 1 actions implemented/);
    assert.match(coverageMarkdown(map), /\| `Echo` \| Echo \| implemented \| 3 \(2\) \|/);
  });

  it("gives an implemented action no test calls as 0", () => {
    assert.equal(coverageMap(registry, {}).services[0].actions[1].tests, 0);
  });

  it("knows every action of both committed specs", () => {
    const map = coverageMap(registerServices(services));
    assert.deepEqual(
      map.services.map((s) => [s.service, s.version, s.total]),
      [
        ["ess", "2020-11-11", 156],
        ["essbasic", "2021-05-26", 100],
      ],
    );
    // Named by no literal here, so this test is not counted as calling any action.
    assert.ok(map.services[0].actions.some((a) => a.implemented && a.tests! > 0), "implemented ess actions have tests");
    assert.ok(map.services[0].actions.every((a) => a.title), "every action has its Chinese name");
  });
});

describe("counting the tests that call an action", () => {
  const count = (text: string) => Object.fromEntries(countTestsCalling(["MadeUpCreate", "MadeUpDescribe"], [{ path: "x.test.ts", text }]));

  it("counts SDK method calls and Action strings inside it() and test(), once per test", () => {
    const counted = count(`
      it("a", async () => { await client.MadeUpCreate({}); await client.MadeUpCreate({}); });
      it.only("b", async () => { await signedCall({ action: "MadeUpCreate" }); });
      test("c", () => client.request(\`MadeUpDescribe\`, {}));
      it("d", () => { const MadeUpCreate = 1; return MadeUpCreate; });`);
    assert.deepEqual(counted, { MadeUpCreate: { tests: 2, files: 1 }, MadeUpDescribe: { tests: 1, files: 1 } });
  });

  it("follows the file's shared helpers and constants, but not another test's locals or hooks", () => {
    const counted = count(`
      const ACTION = "MadeUpDescribe";
      const create = (c) => c.MadeUpCreate({});
      describe("s", () => {
        function describeIt(c) { return c.request(ACTION, {}); }
        before(async () => { await client.MadeUpCreate({}); });
        it("uses the helper", async () => { await create(client); });
        it("uses the nested helper", async () => { await describeIt(client); });
        it("has a local", async () => { const res = await client.MadeUpDescribe({}); return res; });
        it("names another test's local", async () => { const res = 1; return res; });
      });`);
    assert.deepEqual(counted, { MadeUpCreate: { tests: 1, files: 1 }, MadeUpDescribe: { tests: 2, files: 1 } });
  });

  it("does not count a test title or a longer string that merely contains the name", () => {
    assert.deepEqual(count(`it("MadeUpCreate answers", () => { log("MadeUpCreateX"); });`), {});
  });
});

describe("docs/coverage.md and src/coverage/test-counts.json", () => {
  it("are what scripts/coverage-doc.ts generates now (run it after adding an action or a test)", () => {
    assert.deepEqual(staleCoverageFiles(), [], "stale: run node --import tsx scripts/coverage-doc.ts");
  });
});
