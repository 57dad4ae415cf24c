import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { DescribeIntegrationEmployees } from "../actions/DescribeIntegrationEmployees.ts";
import { registerActions } from "./action.ts";
import { EssError } from "../domain/errors.ts";
import type { JsonSchema } from "./params.ts";
import { Agent, UserInfo } from "./shapes.ts";
import { validateInput } from "./validate.ts";

const Input = z.strictObject({
  Operator: UserInfo,
  Agent,
  Employees: z.array(z.strictObject({ DisplayName: z.string(), Mobile: z.string().optional() })).min(1).max(3).optional(),
  Limit: z.int().min(1).max(20).optional().meta({ errorCode: "InvalidParameter.ParamError" }),
  Offset: z.int().min(0).max(100).optional(),
  Type: z.enum(["ALL", "SOME"]).optional(),
  Name: z.string().max(5).optional(),
});
const jsonSchema = z.toJSONSchema(Input, { io: "input", unrepresentable: "any" }) as JsonSchema;
const op = { UserId: "yDw6yUUgyg3caowzUx4GQptRKfMnJqX8" };

/** Runs validateInput expecting an EssError and returns it. */
function failure(input: unknown, schema: z.ZodType = Input, json: JsonSchema = jsonSchema): EssError {
  try {
    validateInput(schema, json, input);
  } catch (error) {
    assert.ok(error instanceof EssError, `expected EssError, got ${String(error)}`);
    return error;
  }
  assert.fail(`validation passed for ${JSON.stringify(input)}`);
}

function assertError(error: EssError, code: string, name: string): void {
  assert.equal(error.code, code);
  assert.ok(error.text.en.includes(name), `en message ${JSON.stringify(error.text.en)} does not name ${name}`);
  assert.ok(error.text.zh.includes(name), `zh message ${JSON.stringify(error.text.zh)} does not name ${name}`);
}

describe("validateInput", () => {
  it("returns the parsed input, with deprecated Operator members and an empty Agent", () => {
    const input = { Operator: { ...op, Channel: "YUFU", ClientIp: "8.8.8.8" }, Agent: {}, Limit: 20, Type: "ALL" };
    assert.deepEqual(validateInput(Input, jsonSchema, input), input);
  });

  it("missing Operator → MissingParameter `Operator`", () => {
    const error = failure({ Limit: 1 });
    assertError(error, "MissingParameter", "`Operator`");
    assert.equal(error.text.en, "The request is missing a required parameter `Operator`.");
  });

  it("missing Operator.UserId → MissingParameter naming the dotted path", () => {
    assertError(failure({ Operator: {} }), "MissingParameter", "`Operator.UserId`");
  });

  it("missing member inside an array element names its index", () => {
    assertError(failure({ Operator: op, Employees: [{ DisplayName: "a" }, { Mobile: "1" }] }), "MissingParameter", "`Employees.1.DisplayName`");
  });

  it("wrong type → InvalidParameter with the expected type", () => {
    const error = failure({ Operator: op, Limit: "20" });
    assertError(error, "InvalidParameter", "`Limit`");
    assert.match(error.text.en, /type error, expected number/);
    assertError(failure({ Operator: { UserId: 42 } }), "InvalidParameter", "`Operator.UserId`");
    assertError(failure({ Operator: op, Employees: "x" }), "InvalidParameter", "`Employees`");
  });

  it("null for a required object is a type error, not a missing parameter", () => {
    assertError(failure({ Operator: null }), "InvalidParameter", "`Operator`");
  });

  it("a non-integer for an integer → InvalidParameter", () => {
    assertError(failure({ Operator: op, Offset: 1.5 }), "InvalidParameter", "`Offset`");
  });

  it("unknown key → UnknownParameter with its full dotted name", () => {
    assertError(failure({ Operator: op, Employees: [{ DisplayName: "a", Foo: 1 }] }), "UnknownParameter", "`Employees.0.Foo`");
    assertError(failure({ Operator: op, Foo: 1 }), "UnknownParameter", "`Foo`");
  });

  it("an unknown key wins over the missing field it explains (UserID for UserId)", () => {
    assertError(failure({ Operator: { UserID: "x" } }), "UnknownParameter", "`Operator.UserID`");
  });

  it("a missing parameter wins over a wrong value elsewhere", () => {
    assertError(failure({ Limit: 99, Type: "NONE" }), "MissingParameter", "`Operator`");
  });

  it("enum → InvalidParameterValue listing the allowed values", () => {
    const error = failure({ Operator: op, Type: "NONE" });
    assertError(error, "InvalidParameterValue", "`Type`");
    assert.match(error.text.en, /must be one of ALL, SOME/);
    assert.match(error.text.zh, /ALL、SOME/);
  });

  it("limits → InvalidParameterValue: number range, string length and array length", () => {
    const big = failure({ Operator: op, Offset: 101 });
    assertError(big, "InvalidParameterValue", "`Offset`");
    assert.match(big.text.en, /must not be greater than 100/);
    assert.match(failure({ Operator: op, Offset: -1 }).text.en, /must not be less than 0/);
    const long = failure({ Operator: op, Name: "abcdef" });
    assertError(long, "InvalidParameterValue", "`Name`");
    assert.match(long.text.en, /length must not exceed 5/);
    assert.match(failure({ Operator: op, Employees: [] }).text.en, /`Employees`.*length must be at least 1/);
    assertError(failure({ Operator: op, Employees: Array(4).fill({ DisplayName: "a" }) }), "InvalidParameterValue", "`Employees`");
  });

  it(".meta({errorCode}) overrides the code of value errors on that field", () => {
    for (const Limit of [21, 0]) {
      const error = failure({ Operator: op, Limit });
      assert.equal(error.code, "InvalidParameter.ParamError");
      assert.ok(error.text.zh.startsWith("参数Limit不正确"), error.text.zh);
      assert.ok(error.text.en.startsWith("Parameter `Limit` is incorrect"), error.text.en);
    }
  });

  it("the override does not apply to type errors", () => {
    assert.equal(failure({ Operator: op, Limit: "x" }).code, "InvalidParameter");
  });

  it("applies the overrides of a registered action (DescribeIntegrationEmployees)", () => {
    const action = registerActions([DescribeIntegrationEmployees]).get("DescribeIntegrationEmployees")!;
    const limit = failure({ Operator: op, Limit: 21 }, action.input, action.jsonSchema);
    assert.equal(limit.code, "InvalidParameter.ParamError");
    assert.match(limit.text.en, /`Limit`.*must not be greater than 20/);
    const key = failure({ Operator: op, Filters: [{ Key: "Nope", Values: ["x"] }] }, action.input, action.jsonSchema);
    assert.equal(key.code, "InvalidParameter.ParamError");
    assert.ok(key.text.en.includes("`Filters.0.Key`"));
    const agent = failure({ Operator: op, Agent: { ProxyOrganizationId: 5 } }, action.input, action.jsonSchema);
    assertError(agent, "InvalidParameter", "`Agent.ProxyOrganizationId`");
  });
});
