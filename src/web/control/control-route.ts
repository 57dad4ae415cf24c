/**
 * What a control endpoint is: its method and URL, the schemas of its JSON body and query, and its handler. Bodies
 * and queries are checked exactly like API parameters (src/protocol/validate.ts), so a control call's errors name
 * the field the way the API names a parameter: MissingParameter, InvalidParameter (wrong JSON type),
 * InvalidParameterValue (refused value), UnknownParameter (a field the call does not define).
 */
import { z } from "zod";
import { errors } from "../../domain/errors.ts";
import { validateInput } from "../../protocol/validate.ts";

/** A checked control call: the caller's organization (authenticated), the URL's parameters, body and query as their schemas give them. */
export interface ControlCall<Body, Query> {
  organizationId: string;
  params: Record<string, string>;
  body: Body;
  query: Query;
}

/** A control endpoint as the router mounts it: method, URL below `/_essd/` (fastify syntax), handler of the raw input. */
export interface ControlRoute {
  method: "GET" | "POST" | "DELETE";
  url: string;
  handle(organizationId: string, raw: { params: Record<string, string>; body: unknown; query: unknown }): Promise<unknown>;
}

/** The schema of a call that takes no body (or no query): any field is unknown. */
const NO_FIELDS = z.strictObject({});

/** Declares a control endpoint; a body or query without a schema admits no field at all. */
export function controlRoute<B extends z.ZodType = typeof NO_FIELDS, Q extends z.ZodType = typeof NO_FIELDS>(
  method: ControlRoute["method"],
  url: string,
  schemas: { body?: B; query?: Q },
  handle: (call: ControlCall<z.output<B>, z.output<Q>>) => Promise<unknown>,
): ControlRoute {
  return {
    method,
    url,
    handle: (organizationId, raw) =>
      handle({
        organizationId,
        params: raw.params,
        body: validateInput(schemas.body ?? NO_FIELDS, undefined, raw.body) as z.output<B>,
        query: validateInput(schemas.query ?? NO_FIELDS, undefined, singleValues(raw.query)) as z.output<Q>,
      }),
  };
}

/** A query parameter given twice is refused by name (as the pages refuse it), never guessed at or passed on as an array. */
function singleValues(query: unknown): Record<string, unknown> {
  const entries = Object.entries((query ?? {}) as Record<string, unknown>);
  const repeated = entries.find(([, value]) => Array.isArray(value));
  if (repeated) throw errors.invalidParameter({ name: repeated[0], why: { zh: "参数出现了多次。", en: "it is given more than once." } });
  return Object.fromEntries(entries);
}

const blankAsAbsent = (value: unknown) => (value === null || (typeof value === "string" && !value.trim()) ? undefined : value);

/** A text field that must be given: absent, null or blank is MissingParameter. */
export const requiredText = () => z.preprocess(blankAsAbsent, z.string());
/** A text field that may be left out: absent, null or blank is undefined. */
export const optionalText = () => z.preprocess(blankAsAbsent, z.string().optional());
/** A query parameter holding a whole number (queries carry text): anything else is InvalidParameterValue. */
export const queryInteger = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .pipe(z.int().min(min).max(max));
