import { z } from "zod";
import { errors, type EssError, type LocalizedText } from "../domain/errors.ts";
import { PATTERN_EXPLANATIONS } from "./identifiers.ts";
import { schemaAt, type JsonSchema } from "./params.ts";

const pathName = (path: ReadonlyArray<PropertyKey>): string => path.map(String).join(".");

/** The codes a field may answer instead of InvalidParameterValue, declared with `.meta({ errorCode })`. */
const FIELD_ERRORS = {
  "InvalidParameter.EndPoint": errors.endpointIncorrect,
  "InvalidParameter.ParamError": errors.paramError,
} as const;

declare module "zod" {
  interface GlobalMeta {
    /** Answer this code (one the catalogue words as a field's error) when the field's value is refused. */
    errorCode?: keyof typeof FIELD_ERRORS;
  }
}

/**
 * Validates an action's input or a control call's body or query; the first problem becomes a Tencent error naming
 * the parameter's path. `jsonSchema` (the action's) carries the fields' `errorCode` overrides.
 */
export function validateInput<S extends z.ZodType>(schema: S, jsonSchema: JsonSchema | undefined, input: unknown): z.infer<S> {
  // Any parse option takes zod off its fast path (≈ 3 µs more per call), so a valid input, the common case, is
  // parsed without; only a refused one is parsed again with its inputs reported, which the errors need.
  const valid = schema.safeParse(input);
  if (valid.success) return valid.data;
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

function issueToError(issue: z.core.$ZodIssue, jsonSchema: JsonSchema | undefined): EssError {
  const name = pathName(issue.path);
  if (issue.code === "unrecognized_keys") return errors.unknownParameter({ name: name ? `${name}.${issue.keys[0]}` : issue.keys[0] });
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return errors.missingParameter({ name });
    return errors.invalidParameter({
      name,
      why: {
        zh: `类型错误，应为 ${typeName(issue.expected, "zh")}。`,
        en: `type error, expected ${typeName(issue.expected, "en")}.`,
      },
    });
  }
  const override = schemaAt(jsonSchema, issue.path.map(String))?.errorCode;
  const why = describeIssue(issue);
  const fieldError = typeof override === "string" && Object.hasOwn(FIELD_ERRORS, override) ? FIELD_ERRORS[override as keyof typeof FIELD_ERRORS] : errors.invalidParameterValue;
  return fieldError({ name, why });
}

function typeName(expected: string, lang: "zh" | "en"): string {
  const zh: Record<string, string> = { string: "字符串", number: "数字", int: "整数", boolean: "布尔值", array: "数组", object: "对象" };
  return lang === "zh" ? (zh[expected] ?? expected) : expected;
}

function describeIssue(issue: z.core.$ZodIssue): LocalizedText {
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
      return (issue.format === "regex" && PATTERN_EXPLANATIONS.get(issue.pattern ?? "")) || { zh: "格式不正确。", en: `does not match the expected format.` };
    case "custom": {
      // Custom rules pass both languages in `params` (see DescribeIntegrationEmployees' Status check).
      const text = issue.params as { zh?: string; en?: string } | undefined;
      return text?.zh && text.en ? { zh: text.zh, en: text.en } : { zh: issue.message, en: issue.message };
    }
    default:
      return { zh: issue.message, en: issue.message };
  }
}

/**
 * A rule's own explanation of a refused value, for `.refine(check, because(zh, en))`: the error says why in both
 * languages instead of zod's English message.
 */
export const because = (zh: string, en: string) => ({ params: { zh, en } });

/** A JSON request body (API or control call): empty is `{}`; anything but an object is InvalidParameter naming `body`. */
export function parseJsonObject(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw errors.invalidParameter({ name: "body", why: { zh: `请求体不是合法的 JSON：${(error as Error).message}`, en: `the request body is not valid JSON: ${(error as Error).message}` } });
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw errors.invalidParameter({ name: "body", why: { zh: "请求体应为 JSON 对象。", en: "the request body must be a JSON object." } });
  }
  return parsed as Record<string, unknown>;
}
