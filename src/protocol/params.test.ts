import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { EssError } from "../domain/errors.ts";
import { coerceFlattened, MAX_PARAMETER_DEPTH, unflatten, type JsonSchema } from "./params.ts";
import { Agent, UserInfo } from "./shapes.ts";

// The same conversion registerActions applies to every action's input.
const toSchema = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;

const Input = z.strictObject({
  Operator: UserInfo,
  Agent,
  SubTaskIds: z.array(z.string()).optional(),
  RegistrationOrganizations: z
    .array(z.strictObject({ OrganizationName: z.string(), AuthorizationTypes: z.array(z.int()).optional(), Primary: z.boolean().optional() }))
    .optional(),
  Limit: z.int().min(1).max(20).optional(),
  Ratio: z.number().nullish(),
  Enabled: z.boolean().optional(),
  Name: z.string().optional(),
  A: z.array(z.string()).optional(),
});
const schema = toSchema(Input);
const fromPairs = (pairs: Array<[string, string]>) => coerceFlattened(schema, unflatten(pairs));

function assertInvalidParameter(fn: () => unknown, name: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof EssError, `expected EssError, got ${String(error)}`);
    assert.equal(error.code, "InvalidParameter");
    assert.ok(error.text.en.includes(`\`${name}\``), error.text.en);
    assert.ok(error.text.zh.includes(`\`${name}\``), error.text.zh);
    return true;
  });
}

describe("unflatten", () => {
  it("rebuilds objects and index-keyed nodes from dotted keys, values untouched", () => {
    assert.deepEqual(
      unflatten([
        ["Operator.UserId", "yDw6"],
        ["SubTaskIds.0", "a"],
        ["SubTaskIds.1", "b"],
        ["Limit", "20"],
      ]),
      { Operator: { UserId: "yDw6" }, SubTaskIds: { 0: "a", 1: "b" }, Limit: "20" },
    );
  });

  it("rejects a scalar followed by its members: A=1&A.B=2 names `A`", () => {
    assertInvalidParameter(() => unflatten([["A", "1"], ["A.B", "2"]]), "A");
  });

  it("rejects members followed by the scalar: A.B=2&A=1", () => {
    assertInvalidParameter(() => unflatten([["A.B", "2"], ["A", "1"]]), "A");
  });

  it("rejects a deeper conflict with the shortest clashing name", () => {
    assertInvalidParameter(() => unflatten([["Operator.UserId", "u"], ["Operator.UserId.X", "v"]]), "Operator.UserId");
  });

  it("rejects a parameter given twice", () => {
    assertInvalidParameter(() => unflatten([["Limit", "1"], ["Limit", "2"]]), "Limit");
    assertInvalidParameter(() => unflatten([["SubTaskIds.0", "a"], ["SubTaskIds.0", "b"]]), "SubTaskIds.0");
  });

  for (const key of ["A..B", ".A", "A.", "", "."]) {
    it(`rejects the empty name segment in ${JSON.stringify(key)}`, () => assertInvalidParameter(() => unflatten([[key, "1"]]), key));
  }

  it("refuses a name nested deeper than MAX_PARAMETER_DEPTH by its (shortened) name, however deep", () => {
    const deep = Array.from({ length: 5_000 }, () => "a").join(".");
    assertInvalidParameter(() => unflatten([[deep, "1"]]), `${deep.slice(0, 64)}…`);
    const justTooDeep = Array.from({ length: MAX_PARAMETER_DEPTH + 1 }, (_, i) => `p${i}`).join(".");
    assert.throws(() => unflatten([[justTooDeep, "1"]]), EssError);
  });

  it("rebuilds a name exactly MAX_PARAMETER_DEPTH levels deep", () => {
    const parts = Array.from({ length: MAX_PARAMETER_DEPTH }, (_, i) => `p${i}`);
    let node: unknown = unflatten([[parts.join("."), "v"]]);
    for (const part of parts) node = (node as Record<string, unknown>)[part];
    assert.equal(node, "v");
  });

  it("does not write through __proto__ into Object.prototype", () => {
    try {
      const tree = unflatten([["__proto__.essdPolluted", "yes"], ["toString", "x"]]);
      assert.equal(Object.getPrototypeOf(tree), Object.prototype);
      assert.ok(Object.hasOwn(tree, "__proto__") && Object.hasOwn(tree, "toString"), "kept as plain, later unknown, names");
    } finally {
      const polluted = ({} as Record<string, unknown>).essdPolluted;
      delete (Object.prototype as Record<string, unknown>).essdPolluted;
      assert.equal(polluted, undefined);
    }
  });
});

describe("coerceFlattened", () => {
  it("turns SubTaskIds.0/1 into a string array and keeps Operator.UserId a string", () => {
    assert.deepEqual(
      fromPairs([
        ["Operator.UserId", "12345"],
        ["SubTaskIds.0", "1"],
        ["SubTaskIds.1", "yDCHl"],
      ]),
      { Operator: { UserId: "12345" }, SubTaskIds: ["1", "yDCHl"] },
    );
  });

  it("turns RegistrationOrganizations.0.AuthorizationTypes.N into integers inside an array of objects", () => {
    const out = fromPairs([
      ["Operator.UserId", "u"],
      ["RegistrationOrganizations.0.OrganizationName", "测试"],
      ["RegistrationOrganizations.0.AuthorizationTypes.0", "2"],
      ["RegistrationOrganizations.0.AuthorizationTypes.1", "5"],
      ["RegistrationOrganizations.1.OrganizationName", "456"],
    ]);
    assert.deepEqual(out, {
      Operator: { UserId: "u" },
      RegistrationOrganizations: [{ OrganizationName: "测试", AuthorizationTypes: [2, 5] }, { OrganizationName: "456" }],
    });
    assert.deepEqual(Input.parse(out).RegistrationOrganizations?.[0].AuthorizationTypes, [2, 5]);
  });

  it("accepts Python's True/False and any case of true/false", () => {
    assert.deepEqual(fromPairs([["Enabled", "True"]]), { Enabled: true });
    assert.deepEqual(fromPairs([["Enabled", "false"]]), { Enabled: false });
    assert.deepEqual(fromPairs([["Enabled", "FALSE"]]), { Enabled: false });
    assert.deepEqual(fromPairs([["RegistrationOrganizations.0.Primary", "True"]]), { RegistrationOrganizations: [{ Primary: true }] });
  });

  it("leaves values it cannot convert as strings so validation names them", () => {
    assert.deepEqual(fromPairs([["Enabled", "yes"], ["Limit", "ten"], ["Ratio", "1e3"]]), { Enabled: "yes", Limit: "ten", Ratio: "1e3" });
    const result = Input.safeParse(fromPairs([["Operator.UserId", "u"], ["Limit", "ten"]]));
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues.map((i) => [i.code, i.path.join(".")]), [["invalid_type", "Limit"]]);
  });

  it("converts negative and decimal numbers, through a nullable schema", () => {
    assert.deepEqual(fromPairs([["Ratio", "-1.5"], ["Limit", "07"]]), { Ratio: -1.5, Limit: 7 });
  });

  it("orders indices numerically, not as text: A.10 after A.2", () => {
    const pairs: Array<[string, string]> = [["A.10", "ten"], ["A.2", "two"]];
    for (const i of [9, 0, 5, 1, 8, 3, 7, 4, 6]) pairs.push([`A.${i}`, `v${i}`]);
    assert.deepEqual(fromPairs(pairs), { A: ["v0", "v1", "two", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "ten"] });
  });

  it("leaves an array node with a non-index member as an object", () => {
    assert.deepEqual(fromPairs([["SubTaskIds.0", "a"], ["SubTaskIds.x", "b"]]), { SubTaskIds: { 0: "a", x: "b" } });
  });

  it("treats an empty string for an optional integer, number or boolean as absent", () => {
    assert.deepEqual(fromPairs([["Operator.UserId", "u"], ["Limit", ""], ["Ratio", ""], ["Enabled", ""]]), { Operator: { UserId: "u" } });
    assert.equal(Input.parse(fromPairs([["Operator.UserId", "u"], ["Limit", ""]])).Limit, undefined);
  });

  it("keeps an empty string where a string is declared", () => {
    assert.deepEqual(fromPairs([["Name", ""], ["SubTaskIds.0", ""]]), { Name: "", SubTaskIds: [""] });
  });

  it("looks through the nullish Agent wrapper", () => {
    assert.deepEqual(fromPairs([["Agent.ProxyOrganizationId", "yDx"], ["Agent.AppId", ""]]), { Agent: { ProxyOrganizationId: "yDx", AppId: "" } });
  });

  it("keeps names the schema does not know, for validation to report", () => {
    const out = fromPairs([["Operator.UserId", "u"], ["Operator.Foo", "1"], ["Bar.0", "x"]]);
    assert.deepEqual(out, { Operator: { UserId: "u", Foo: "1" }, Bar: { 0: "x" } });
  });
});
