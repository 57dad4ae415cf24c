/** What a control endpoint is, and the body readers every group of endpoints shares. */
import { essError } from "../../domain/errors.ts";

/** The parsed JSON body of a control call (an empty body is `{}`). */
export type Body = Record<string, unknown>;
/** Answers a control call of `organizationId` (already authenticated); the answer is sent as JSON with 200. */
export type Handler = (organizationId: string, body: Body, params: Record<string, string>, query: Record<string, string>) => Promise<unknown>;
/** Method, URL below `/_essd/` (fastify syntax, e.g. `flows/:id/confirm`) and handler. */
export type ControlRoute = [method: "GET" | "POST" | "DELETE", url: string, handler: Handler];

export function requiredString(body: Body, name: string): string {
  const value = body[name];
  if (typeof value !== "string" || !value.trim()) throw essError("MissingParameter", `缺少参数：${name}。`, `The request is missing ${name}.`);
  return value;
}

export function optionalString(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw essError("InvalidParameter", `参数 ${name} 应为字符串。`, `${name} must be a string.`);
  return value;
}

