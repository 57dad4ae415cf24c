/**
 * What the HTTP layer (fastify, before any handler runs) refuses, as the error the API or the control API answers
 * with: the request's fault, named by the part of it that is wrong, never an InternalError. Oversized bodies are
 * answered by each surface with its own limit.
 */
import type { FastifyRequest } from "fastify";
import { errors, EssError } from "../domain/errors.ts";

type HttpError = Error & { code?: string; statusCode?: number };

export function httpLayerFault(error: HttpError): EssError | undefined {
  if (error instanceof EssError) return undefined;
  if (error.code === "FST_ERR_CTP_INVALID_CONTENT_LENGTH" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
    return errors.invalidParameter({ name: "Content-Length", why: { zh: "与请求体长度不符。", en: "does not match the body." } });
  }
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return errors.invalidParameter({ name: "Content-Type", why: { zh: "不是合法的媒体类型。", en: "is not a valid media type." } });
  }
  if (error.code === "FST_ERR_ROUTE_MISSING_CONTENT_TYPE") {
    return errors.invalidParameter({ name: "Content-Type", why: { zh: "请求有请求体却没有 Content-Type。", en: "is missing although the request has a body." } });
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    const what = error.code ?? String(error.statusCode);
    return errors.invalidParameter({ name: "HTTP request", why: { zh: `无法读取（${what}）。`, en: `could not be read (${what}).` } });
  }
  return undefined;
}

/** A client that went away mid-body (closed tab, dropped mobile connection, its own timeout): not essd's failure. */
export function clientWentAway(error: HttpError, req: FastifyRequest): boolean {
  return error.code === "ECONNRESET" || error.code === "ECONNABORTED" || (req.raw.destroyed && !req.raw.complete);
}
