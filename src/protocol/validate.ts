import { z } from "zod";
import { EssError, protocolErrors } from "./errors.ts";
import { schemaAt, type JsonSchema } from "./params.ts";

const pathName = (path: ReadonlyArray<PropertyKey>): string => path.map(String).join(".");

/** Optional per-field override of the error code, declared with `.meta({ errorCode })` on the schema. */
export interface FieldMeta {
  errorCode?: string;
  description?: { zh: string; en: string };
}

/** Validates action input; the first problem becomes a Tencent error naming the parameter. */
export function validateInput<S extends z.ZodType>(schema: S, jsonSchema: JsonSchema, input: unknown): z.infer<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw issueToError(mostTelling(result.error.issues), jsonSchema);
}

// An unknown name usually explains the other problems (a typo leaves its real field missing), so it goes first.
function mostTelling(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  const rank = (i: z.core.$ZodIssue) =>
    i.code === "unrecognized_keys" ? 0 : i.code === "invalid_type" && i.input === undefined ? 1 : i.code === "invalid_type" ? 2 : 3;
  return [...issues].sort((a, b) => rank(a) - rank(b))[0];
}

function issueToError(issue: z.core.$ZodIssue, jsonSchema: JsonSchema): EssError {
  const name = pathName(issue.path);
  if (issue.code === "unrecognized_keys") return protocolErrors.unknownParameter(name ? `${name}.${issue.keys[0]}` : issue.keys[0]);
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return protocolErrors.missingParameter(name);
    return protocolErrors.invalidParameter(name, {
      zh: `类型错误，应为 ${typeName(issue.expected, "zh")}。`,
      en: `type error, expected ${typeName(issue.expected, "en")}.`,
    });
  }
  const override = schemaAt(jsonSchema, issue.path.map(String))?.errorCode;
  const why = describeIssue(issue);
  if (typeof override === "string") {
    return new EssError(override, { zh: `参数${name}不正确：${why.zh}`, en: `Parameter \`${name}\` is incorrect: ${why.en}` });
  }
  return protocolErrors.invalidParameterValue(name, why);
}

function typeName(expected: string, lang: "zh" | "en"): string {
  const zh: Record<string, string> = { string: "字符串", number: "数字", int: "整数", boolean: "布尔值", array: "数组", object: "对象" };
  return lang === "zh" ? (zh[expected] ?? expected) : expected;
}

function describeIssue(issue: z.core.$ZodIssue): { zh: string; en: string } {
  switch (issue.code) {
    case "too_big":
      return issue.origin === "array" || issue.origin === "string"
        ? { zh: `长度不得超过 ${issue.maximum}。`, en: `length must not exceed ${issue.maximum}.` }
        : { zh: `不得大于 ${issue.maximum}。`, en: `must not be greater than ${issue.maximum}.` };
    case "too_small":
      return issue.origin === "array" || issue.origin === "string"
        ? { zh: `长度不得少于 ${issue.minimum}。`, en: `length must be at least ${issue.minimum}.` }
        : { zh: `不得小于 ${issue.minimum}。`, en: `must not be less than ${issue.minimum}.` };
    case "invalid_value":
      return { zh: `取值应为 ${issue.values.join("、")} 之一。`, en: `must be one of ${issue.values.join(", ")}.` };
    case "invalid_format":
      return { zh: "格式不正确。", en: `does not match the expected format.` };
    case "custom": {
      // Custom rules pass both languages in `params` (see DescribeIntegrationEmployees' Status check).
      const text = issue.params as { zh?: string; en?: string } | undefined;
      return text?.zh && text.en ? { zh: text.zh, en: text.en } : { zh: issue.message, en: issue.message };
    }
    default:
      return { zh: issue.message, en: issue.message };
  }
}
