/**
 * 统一社会信用代码 (GB 32100-2015), reference §9.4.
 *
 * 18 characters: 登记管理部门代码 (1) + 机构类别代码 (1) + 行政区划码 (6 digits) + 主体标识码 (9) + check (1),
 * drawn from the 31-character alphabet below (no I, O, S, V, Z). The check character is
 * `31 − (Σ value·3^(i−1) mod 31)`, where 31 becomes 0.
 *
 * Decision: lower-case input is a format error, not silently upper-cased. Business licences print the code in
 * upper case and ESS compares the code with its registry, so a lower-case code is a caller bug worth surfacing.
 * Surrounding whitespace is likewise not trimmed here; callers that want trimming do it before checking.
 */

export type CheckMode = "strict" | "format" | "off";
export type CheckReason = { zh: string; en: string };
export type CheckResult = { ok: true } | { ok: false; reason: CheckReason };

export const CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** `W_i = 3^(i−1) mod 31` for positions 1..17: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28. */
const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

const fail = (zh: string, en: string): CheckResult => ({ ok: false, reason: { zh, en } });

/**
 * The check character for the first 17 characters of a code, or `undefined` when they are not 17 characters of
 * the alphabet. Shared by the checker and by anything that needs to mint valid codes (fixtures, seeds).
 */
export function creditCodeCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i];
  }
  const check = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[check === 31 ? 0 : check];
}

/**
 * Checks a unified social credit code.
 * - `off`: only refuses an empty (or whitespace-only) value;
 * - `format`: length 18, alphabet, positions 3–8 digits;
 * - `strict`: format plus the check character.
 * Real codes exist that fail the checksum (reference §9.4, Fujian `M…` codes), hence the configurable mode.
 */
export function checkCreditCode(code: string, mode: CheckMode): CheckResult {
  if (code.trim() === "") return fail("统一社会信用代码不能为空", "the unified social credit code is empty");
  if (mode === "off") return { ok: true };
  const chars = [...code];
  if (chars.length !== 18) {
    return fail(
      `统一社会信用代码长度错误，应为18位，实际为${chars.length}位`,
      `the unified social credit code must be 18 characters long, got ${chars.length}`,
    );
  }
  if (/[a-z]/.test(code)) {
    return fail("统一社会信用代码含有小写字母，字母须为大写", "the unified social credit code contains lower-case letters; letters must be upper case");
  }
  const bad = chars.find((c) => !CREDIT_CODE_CHARSET.includes(c));
  if (bad !== undefined) {
    return fail(
      `统一社会信用代码含有非法字符“${bad}”（不得含I、O、S、V、Z及符号）`,
      `the unified social credit code contains the invalid character "${bad}" (I, O, S, V, Z and symbols are not allowed)`,
    );
  }
  if (!FORMAT.test(code)) {
    return fail(
      "统一社会信用代码第3至8位（登记管理机关行政区划码）须为数字",
      "positions 3–8 of the unified social credit code (the registration authority's region code) must be digits",
    );
  }
  if (mode === "format") return { ok: true };
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected !== code[17]) {
    return fail("统一社会信用代码校验位错误", "the unified social credit code's check character is wrong");
  }
  return { ok: true };
}
