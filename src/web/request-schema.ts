/**
 * Every page and link route reads its query and path parameters through one zod schema (as the API reads its
 * parameters), checked by fastify before the handler runs. A parameter given twice arrives as an array and is
 * refused with a 400 page naming it, never a 500 or an array reaching a store. Parameters a route does not read
 * (tracking parameters messengers append, `where=mini`) are ignored; a link without its token is an invalid link
 * (the surface's 404), like one with an unknown token.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from "fastify";
import { z, type ZodType } from "zod";

/** A query or path parameter given once. */
export const one = z.string();
export const optionalOne = one.optional();

/** A page's query: what it reads, plus `lang` (the admin's pages switch language with it, src/web/admin/i18n.ts). */
export const pageQuery = <S extends z.ZodRawShape>(shape: S) => z.object({ lang: optionalOne, ...shape });
export const NO_QUERY = pageQuery({});

export type BadParameterReason = "repeated" | "malformed";

export class BadRequest extends Error {
  readonly statusCode = 400;
  constructor(
    readonly parameter: string,
    readonly reason: BadParameterReason,
  ) {
    super(`${parameter}: ${reason}`);
  }

  get zh(): string {
    return { repeated: `参数 ${this.parameter} 出现了多次。`, malformed: `参数 ${this.parameter} 的值无效。` }[this.reason];
  }

  get en(): string {
    return {
      repeated: `The parameter ${this.parameter} was given more than once.`,
      malformed: `The parameter ${this.parameter} has an invalid value.`,
    }[this.reason];
  }
}

function badRequestOf(error: z.ZodError, data: unknown): BadRequest {
  const parameter = String(error.issues[0]?.path[0] ?? "?");
  const given = data && typeof data === "object" ? (data as Record<string, unknown>)[parameter] : undefined;
  return new BadRequest(parameter, Array.isArray(given) ? "repeated" : "malformed");
}

const zodCompiler: FastifySchemaCompiler<ZodType> = ({ schema }) => (data: unknown) => {
  const result = schema.safeParse(data);
  return result.success ? { value: result.data } : { error: badRequestOf(result.error, data) };
};

/** The route option that declares what a route reads: `app.get(path, reads({ query, params }), handler)`. */
export const reads = (parts: { query?: ZodType; params?: ZodType }) => ({
  schema: { ...(parts.query ? { querystring: parts.query } : {}), ...(parts.params ? { params: parts.params } : {}) },
});

export type BadRequestPage = (req: FastifyRequest, reply: FastifyReply, error: BadRequest) => FastifyReply | Promise<FastifyReply>;

/** Makes `scope`'s routes check their schemas with zod and answer a refused parameter with the surface's 400 page. */
export function readsWithSchemas(scope: FastifyInstance, page: BadRequestPage): void {
  scope.setValidatorCompiler(zodCompiler);
  scope.setErrorHandler(async (error: FastifyError, req, reply) => {
    if (error instanceof BadRequest) return page(req, reply, error);
    // Anything else is the app's to answer (its handler is the parent scope's).
    throw error;
  });
}
