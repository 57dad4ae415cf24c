/**
 * The closed catalogue of errors essd answers. Every code is declared once (src/domain/error-catalogue/): its HTTP
 * status on the control API and the pages, when it is answered, and its messages in both languages. Code throws
 * them by message name, `throw errors.linkExpired({ expiredAt })`; the parameters are typed per message, and an
 * undeclared code cannot be thrown because only the catalogue constructs an `EssError`.
 *
 * The catalogue lives in the domain because the domain throws these and must not import the protocol layer;
 * the protocol's own codes (signatures, versions, sizes) are declared here too, so one list holds every code.
 * It is split by what a code is about (the request, one parameter, the operation), each code in exactly one part,
 * merged below into one closed type.
 */
import type { CodeDeclarations, LocalizedText } from "./error-catalogue/declaration.ts";
import { operationCodes } from "./error-catalogue/operations.ts";
import { parameterCodes } from "./error-catalogue/parameters.ts";
import { platformCodes } from "./error-catalogue/platforms.ts";
import { requestCodes } from "./error-catalogue/request.ts";

export type { LocalizedText } from "./error-catalogue/declaration.ts";

/** Languages a caller can choose with `X-TC-Language` / `Language`. */
export type Language = "zh-CN" | "en-US";

const CATALOGUE = { ...requestCodes, ...parameterCodes, ...operationCodes, ...platformCodes };

/** Every code essd answers of its own (an injected sandbox fault answers the code its tenant chose). */
export type ErrorCode = keyof typeof CATALOGUE;

/** Held by this module only, so nothing but the catalogue's factories constructs an EssError. */
const DECLARED: unique symbol = Symbol("declared in the error catalogue");

/**
 * An error a caller is meant to see: a declared code with its message in both languages. The domain throws
 * these for business rules and the protocol layer for wire problems; each surface renders them with one function
 * (the API envelope, the control API's JSON, the pages). Anything else thrown inside a request is `InternalError`.
 */
export class EssError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    _declared: typeof DECLARED,
    readonly code: C,
    readonly text: LocalizedText,
    /** Extra diagnostics appended to the message in sandbox mode only; never secrets. */
    readonly debug?: string,
  ) {
    super(`${code}: ${text.en}`);
    this.name = "EssError";
  }

  /** The HTTP status of this code on the control API and the pages (the API answers 200). */
  get status(): number {
    return httpStatusOf(this.code);
  }

  /** The same error carrying sandbox diagnostics (see `debug`). */
  withDebug(debug: string | undefined): EssError<C> {
    return new EssError(DECLARED, this.code, this.text, debug);
  }

  messageIn(language: Language, includeDebug = false): string {
    const base = language === "en-US" ? this.text.en : this.text.zh;
    return includeDebug && this.debug ? `${base}\n${this.debug}` : base;
  }
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type Factories<D extends CodeDeclarations> = UnionToIntersection<
  {
    [C in keyof D & ErrorCode]: {
      [M in keyof D[C]["messages"]]: D[C]["messages"][M] extends (...args: infer A) => LocalizedText ? (...args: A) => EssError<C> : never;
    };
  }[keyof D & ErrorCode]
>;

function factoriesOf<D extends CodeDeclarations>(declarations: D): Factories<D> {
  const factories: Record<string, (params?: never) => EssError> = {};
  for (const [code, declaration] of Object.entries(declarations)) {
    for (const [name, template] of Object.entries(declaration.messages)) {
      if (Object.hasOwn(factories, name)) throw new Error(`error message ${name} is declared twice`);
      factories[name] = (params?: never) => new EssError(DECLARED, code as ErrorCode, template(params as never));
    }
  }
  return factories as Factories<D>;
}

/** Every message of the catalogue by name: `throw errors.flowNotFound({ flowId })`. */
export const errors = factoriesOf(CATALOGUE);

/** The declared codes with their status and when they are answered, in declaration order. */
export const ERROR_CODES: ReadonlyArray<{ code: ErrorCode; status: number; when: string }> = Object.entries(CATALOGUE).map(([code, d]) => ({
  code: code as ErrorCode,
  status: d.status,
  when: d.when,
}));

export function httpStatusOf(code: ErrorCode): number {
  return CATALOGUE[code].status;
}

/**
 * What a surface answers for anything thrown: an EssError as it is; a store that cannot be reached as
 * `InternalError.Db`; anything else as `InternalError`. `unexpected` tells the caller to log the cause with the
 * RequestId the message names (`requestId` is asked for only then).
 */
export function answerableError(
  thrown: unknown,
  requestId: () => string,
  isUnavailable: (error: unknown) => boolean,
): { error: EssError; unexpected?: { requestId: string; kind: "unavailable" | "internal" } } {
  if (thrown instanceof EssError) return { error: thrown };
  const id = requestId();
  if (isUnavailable(thrown)) return { error: errors.databaseUnavailable({ requestId: id }), unexpected: { requestId: id, kind: "unavailable" } };
  return { error: errors.internalError({ requestId: id }), unexpected: { requestId: id, kind: "internal" } };
}
