import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { services } from "../../actions/services.ts";
import { coverageMap, type CoverageMap } from "../../coverage/map.ts";
import { registerServices } from "../../protocol/services.ts";

const ESSD = join(import.meta.dirname, "..", "..", "..", "bin", "essd.js");

describe("/coverage and essd coverage", () => {
  let h: Harness;
  let expected: CoverageMap;
  before(async () => {
    h = await startEssd({ mode: "production" });
    expected = coverageMap(registerServices(services));
  });
  after(() => h.close());

  it("serves the map in every mode, without script, with each service's totals and every action's status", async () => {
    const page = await fetch(`${h.url}/coverage`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    const body = await page.text();
    assert.ok(!/<script/.test(body));
    for (const service of expected.services) {
      assert.ok(body.includes(`<td>${service.implemented}</td><td>${service.total}</td>`), `${service.service} totals`);
      for (const action of service.actions) {
        const row = new RegExp(`<tr id="${service.service}-${action.name}" class="${action.implemented ? "implemented" : "missing"}">.*?</tr>`).exec(body)?.[0];
        assert.ok(row, `${service.service} ${action.name} has its row`);
        assert.ok(row.includes(action.title), "with the spec's title");
        if (action.implemented) assert.ok(row.includes(`<td>${action.tests}</td>`), "with its test count");
      }
    }
  });

  it("essd coverage --json prints the same map; the table names every action and the totals", async () => {
    const json = await promisify(execFile)(process.execPath, [ESSD, "coverage", "--json"]);
    assert.deepEqual(JSON.parse(json.stdout), expected);
    const table = (await promisify(execFile)(process.execPath, [ESSD, "coverage"])).stdout;
    for (const service of expected.services) {
      assert.ok(table.includes(`${service.service} ${service.version}: ${service.implemented} of ${service.total} actions implemented`));
      for (const action of service.actions) assert.match(table, new RegExp(`\\b${action.name}\\s+${action.implemented ? "implemented" : "not implemented"}\\b`));
    }
  });
});
