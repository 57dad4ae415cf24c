/**
 * Personal identity document numbers as ESS accepts them in `AdminIdCardType` / `AdminIdCardNumber`
 * (reference §6.3, §9.1–§9.3).
 *
 * - `ID_CARD` 居民身份证 (GB 11643-1999): 6-digit region + YYYYMMDD + 3-digit sequence + ISO 7064 MOD 11-2 check.
 * - `HONGKONG_MACAO_AND_TAIWAN` 港澳台居民居住证: the same layout and check, region 810000 / 820000 / 830000.
 * - `HONGKONG_AND_MACAO` 港澳居民来往内地通行证: `H`/`M` + 8 or 10 digits, no check digit.
 *
 * Decisions: a trailing lower-case `x` is accepted (reference §9.1) and so is a lower-case `h`/`m`; surrounding
 * whitespace is not trimmed. "Today" is the calendar day in Beijing (UTC+8), the day ESS itself lives in.
 */
import type { CheckMode, CheckResult } from "./credit-code.ts";

export type IdCardType = "ID_CARD" | "HONGKONG_AND_MACAO" | "HONGKONG_MACAO_AND_TAIWAN";

const ID_FORMAT = /^[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx]$/;
const PERMIT_REGION = /^8[123]0000/;
const TRAVEL_PERMIT = /^[HM](\d{10}|\d{8})$/i;

const fail = (zh: string, en: string): CheckResult => ({ ok: false, reason: { zh, en } });

/** MOD 11-2 check character for the first 17 digits: weights 2^(18−i) mod 11, check = "10X98765432"[Σ mod 11]. */
export function idCardCheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  return "10X98765432"[sum % 11];
}

/** The Beijing calendar day of `today` as `YYYYMMDD`. */
function beijingYmd(today: Date): string {
  return new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll("-", "");
}

function isRealDate(ymd: string): boolean {
  const [y, m, d] = [Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)), Number(ymd.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The 18-character layout shared by the ID card and the residence permit. `label` names the document. */
function check18(number: string, mode: "strict" | "format", today: Date, label: { zh: string; en: string }): CheckResult {
  if (number.length !== 18) {
    return fail(`${label.zh}号码长度错误，应为18位，实际为${[...number].length}位`, `the ${label.en} number must be 18 characters long, got ${[...number].length}`);
  }
  if (!ID_FORMAT.test(number)) {
    return fail(
      `${label.zh}号码格式错误（应为17位数字加1位数字或X，第7至14位为出生日期）`,
      `the ${label.en} number is malformed (expected 17 digits and a digit or X, with the birth date in positions 7–14)`,
    );
  }
  if (mode === "format") return { ok: true };
  const birth = number.slice(6, 14);
  if (!isRealDate(birth)) {
    return fail(`${label.zh}号码中的出生日期${birth}不是有效日期`, `the birth date ${birth} in the ${label.en} number is not a real calendar date`);
  }
  if (birth < "19000101") {
    return fail(`${label.zh}号码中的出生日期${birth}早于1900年`, `the birth date ${birth} in the ${label.en} number is before 1900`);
  }
  if (birth > beijingYmd(today)) {
    return fail(`${label.zh}号码中的出生日期${birth}晚于今天`, `the birth date ${birth} in the ${label.en} number is in the future`);
  }
  if (idCardCheckChar(number.slice(0, 17)) !== number[17].toUpperCase()) {
    return fail(`${label.zh}号码校验位错误`, `the ${label.en} number's check character is wrong`);
  }
  return { ok: true };
}

/**
 * Checks an identity document number of the given ESS type.
 * - `off`: only refuses an empty (or whitespace-only) value;
 * - `format`: the layout, including a plausible (pattern-level) birth date;
 * - `strict`: format plus a real birth date in [1900-01-01, today] and the MOD 11-2 check character.
 * The official examples `37000019890303000X` and `620000198802020000` fail `strict` (checksum) but pass `format`.
 */
export function checkIdNumber(type: IdCardType, number: string, mode: CheckMode, today: Date): CheckResult {
  if (number.trim() === "") return fail("证件号码不能为空", "the identity document number is empty");
  if (mode === "off") return { ok: true };
  switch (type) {
    case "ID_CARD":
      return check18(number, mode, today, { zh: "居民身份证", en: "resident identity card" });
    case "HONGKONG_MACAO_AND_TAIWAN": {
      const label = { zh: "港澳台居民居住证", en: "Hong Kong/Macao/Taiwan residence permit" };
      const layout = check18(number, "format", today, label);
      if (!layout.ok) return layout;
      if (!PERMIT_REGION.test(number)) {
        return fail(
          `${label.zh}号码须以810000（香港）、820000（澳门）或830000（台湾）开头`,
          `the ${label.en} number must start with 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan)`,
        );
      }
      return mode === "format" ? layout : check18(number, mode, today, label);
    }
    case "HONGKONG_AND_MACAO":
      return TRAVEL_PERMIT.test(number)
        ? { ok: true }
        : fail(
            "港澳居民来往内地通行证号码格式错误（应为H或M加8位或10位数字）",
            "the Mainland Travel Permit for Hong Kong and Macao Residents number is malformed (expected H or M followed by 8 or 10 digits)",
          );
    default:
      return fail(`不支持的证件类型${String(type)}`, `unsupported identity document type ${String(type)}`);
  }
}
