/** Languages a caller can choose with `X-TC-Language` / `Language`. */
export type Language = "zh-CN" | "en-US";

export interface LocalizedText {
  zh: string;
  en: string;
}

/**
 * An error a caller is meant to see: a Tencent error code with its message in both languages. The domain
 * throws these for business rules and the protocol layer for wire problems; the edge renders them.
 * Anything else thrown inside a request becomes `InternalError`.
 */
export class EssError extends Error {
  constructor(
    readonly code: string,
    readonly text: LocalizedText,
    /** Extra diagnostics appended to the message in sandbox mode only; never secrets. */
    readonly debug?: string,
  ) {
    super(`${code}: ${text.en}`);
    this.name = "EssError";
  }

  messageIn(language: Language, includeDebug = false): string {
    const base = language === "en-US" ? this.text.en : this.text.zh;
    return includeDebug && this.debug ? `${base}\n${this.debug}` : base;
  }
}

export const essError = (code: string, zh: string, en: string, debug?: string): EssError => new EssError(code, { zh, en }, debug);
