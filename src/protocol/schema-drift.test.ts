/**
 * Schema drift: every implemented action of every registered service (so actions added later are covered as soon
 * as they are registered) against its service's spec — request schemas here, responses in every harness run
 * (test/support/harness.ts). Differences must be deliberate: in schema-drift-allowed.json and docs/compatibility.md.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { services } from "../actions/services.ts";
import { defineAction, registerActions } from "./action.ts";
import { ALLOWED_DRIFTS, describeDrift, requestDrift, responseDrift, unexplained } from "./schema-drift.ts";
import { registerServices } from "./services.ts";
const UserInfo = z.strictObject({ UserId: z.string() });
import type { SpecFacts } from "./spec/index.ts";

const member = (name: string, type: string, memberType: string, required = false, disabled = false) => ({ name, type, member: memberType, required, ...(disabled ? { disabled } : {}) });

const SPEC: SpecFacts = {
  service: "ess",
  version: "2020-11-11",
  actions: { Probe: { title: "探针", status: "online", input: "ProbeRequest", output: "ProbeResponse" } },
  objects: {
    ProbeRequest: [
      member("Operator", "object", "UserInfo", true),
      member("Limit", "int", "int64"),
      member("Names", "list", "string", true),
      member("Rows", "list", "Row"),
      member("Missing", "string", "string"),
      member("Deprecated", "string", "string", false, true),
      member("Ratio", "float", "float"),
    ],
    UserInfo: [member("UserId", "string", "string")],
    Row: [member("Key", "string", "string", true), member("Flag", "bool", "bool"), member("Inner", "object", "Cell")],
    Cell: [member("Key", "string", "string"), member("Flag", "bool", "bool")],
    ProbeResponse: [member("Items", "list", "Row"), member("Total", "int", "int64"), member("Ids", "list", "string"), member("RequestId", "string", "string")],
  },
};

const probe = (input: z.ZodObject<any>) =>
  registerActions([defineAction({ name: "Probe", description: { zh: "", en: "" }, input: () => input as never, handle: async () => ({}) })]).get("Probe")!;

describe("requestDrift", () => {
  it("finds missing and extra members, required flags, types and array-ness at any depth; disabled members may be absent", () => {
    const Row = z.object({ Key: z.string().optional(), Flag: z.string().optional(), Inner: z.object({ Key: z.string().optional(), Flag: z.boolean().optional(), Extra: z.int() }).optional() });
    const drift = requestDrift(SPEC, probe(z.strictObject({ Operator: UserInfo, Limit: z.number().optional(), Names: z.string(), Rows: z.array(Row).optional(), Ratio: z.number().nullable().optional(), Surplus: z.string().optional() })));
    assert.deepEqual(drift.map(describeDrift).sort(), [
      "ess Probe request Limit: type (spec int, essd number)",
      "ess Probe request Missing: missing",
      "ess Probe request Names: type (spec list of string, essd string)",
      "ess Probe request Operator.UserId: required (spec false, essd true)",
      "ess Probe request Rows[].Flag: type (spec bool, essd string)",
      "ess Probe request Rows[].Inner.Extra: extra",
      "ess Probe request Rows[].Key: required (spec true, essd false)",
      "ess Probe request Surplus: extra",
    ]);
  });

  it("reads integer literal unions as int and nullable wrappers as their type", () => {
    const drift = requestDrift(SPEC, probe(z.strictObject({ Operator: UserInfo, Limit: z.literal([10, 20]).nullable().optional(), Names: z.array(z.string()), Rows: z.array(z.object({ Key: z.string(), Flag: z.boolean().optional(), Inner: z.object({ Key: z.string().optional(), Flag: z.boolean().optional() }).optional() })).optional(), Missing: z.enum(["a", "b"]).optional(), Ratio: z.number().optional() })));
    assert.deepEqual(drift.map(describeDrift), ["ess Probe request Operator.UserId: required (spec false, essd true)"]);
  });

  it("reports an action its service's spec does not name", () => {
    const other = registerActions([defineAction({ name: "NotInSpec", description: { zh: "", en: "" }, input: () => z.strictObject({ Operator: UserInfo }) as never, handle: async () => ({}) })]).get("NotInSpec")!;
    assert.deepEqual(requestDrift(SPEC, other).map((d) => d.kind), ["extra"]);
  });
});

describe("responseDrift", () => {
  it("finds members the spec does not define and values of the wrong type or array-ness, nulls and absences aside", () => {
    const drift = responseDrift(SPEC, "Probe", { Items: [{ Key: "a", Flag: true, Inner: { Key: 1, Flag: false } }, { Key: null, Other: 1 }], Total: 1.5, Ids: "x", Extra: {} });
    assert.deepEqual(drift.map(describeDrift).sort(), [
      "ess Probe response Extra: extra",
      "ess Probe response Ids: type (spec list of string, essd string)",
      "ess Probe response Items[].Inner.Key: type (spec string, essd integer)",
      "ess Probe response Items[].Other: extra",
      "ess Probe response Total: type (spec int, essd number)",
    ]);
    assert.deepEqual(responseDrift(SPEC, "Probe", { Items: [], Total: 0, Ids: ["a"] }), []);
  });
});

describe("every implemented action against its spec", () => {
  const registry = registerServices(services);
  const implemented = registry.services.flatMap((service) => [...service.actions.values()].map((action) => ({ service, action })));

  it("is named by its service's spec and takes the spec's request members, deliberate differences aside", () => {
    assert.ok(implemented.length > 0);
    const drifts = implemented.flatMap(({ service, action }) => unexplained(requestDrift(service.spec, action)));
    assert.deepEqual(drifts.map(describeDrift), [], "fix the schema, or list a deliberate difference in src/protocol/schema-drift-allowed.json and docs/compatibility.md");
  });

  it("allows only differences that exist, each explained and listed in docs/compatibility.md", () => {
    const requestDrifts = implemented.flatMap(({ service, action }) => requestDrift(service.spec, action));
    const doc = readFileSync(new URL("../../docs/compatibility.md", import.meta.url), "utf8");
    const section = doc.slice(doc.indexOf("## Deliberate differences from the spec"));
    assert.ok(section.length > 0 && doc.includes("## Deliberate differences from the spec"));
    for (const allowed of ALLOWED_DRIFTS) {
      const label = `${allowed.service} ${allowed.action} ${allowed.direction} ${allowed.path} ${allowed.kind}`;
      assert.ok(allowed.why.length > 20, `${label}: says why`);
      if (allowed.direction === "request") assert.ok(unexplained(requestDrifts, []).some((d) => unexplained([d], [allowed]).length === 0), `${label}: no longer differs; remove it`);
      const row = section.split("\n").find((line) => line.includes(`\`${allowed.path}\``) && line.includes(allowed.action === "*" ? "every action" : `\`${allowed.action}\``));
      assert.ok(row, `${label}: has a row in docs/compatibility.md`);
    }
  });
});
