import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkIdNumber, idCardCheckChar, type IdCardType } from "./id-card.ts";
import type { CheckMode } from "./credit-code.ts";

/** Independent MOD 11-2 (weights as printed in GB 11643-1999), to mint numbers the checker never saw. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function mint(first17: string): string {
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i], 0);
  return first17 + "10X98765432"[sum % 11];
}

/** 2024-06-15 12:00 Beijing time. */
const TODAY = new Date("2024-06-15T04:00:00Z");

type Row = { type: IdCardType; number: string; mode: CheckMode; ok: boolean; reason?: RegExp; why: string };

const ID: IdCardType = "ID_CARD";
const PERMIT: IdCardType = "HONGKONG_MACAO_AND_TAIWAN";
const TRAVEL: IdCardType = "HONGKONG_AND_MACAO";

const rows: Row[] = [
  // Reference §9.1 vectors.
  { type: ID, number: "11010519491231002X", mode: "strict", ok: true, why: "the standard's own example" },
  { type: ID, number: "11010519491231002x", mode: "strict", ok: true, why: "lower-case x accepted" },
  { type: ID, number: "37000019890303000X", mode: "strict", ok: false, reason: /校验位错误/, why: "api.json example, expects 9" },
  { type: ID, number: "370000198903030009", mode: "strict", ok: true, why: "api.json example with its correct check" },
  { type: ID, number: "620000198802020000", mode: "strict", ok: false, reason: /校验位错误/, why: "api.json example, expects 6" },
  { type: ID, number: "37000019890303000X", mode: "format", ok: true, why: "format mode ignores the checksum" },
  { type: ID, number: "620000198802020000", mode: "format", ok: true, why: "format mode ignores the checksum" },
  // Layout.
  { type: ID, number: "11010519491231002", mode: "format", ok: false, reason: /实际为17位/, why: "17 chars" },
  { type: ID, number: "11010519491231002XX", mode: "format", ok: false, reason: /实际为19位/, why: "19 chars" },
  { type: ID, number: "110105194912310", mode: "format", ok: false, reason: /实际为15位/, why: "old 15-digit card" },
  { type: ID, number: "01010519491231002X", mode: "format", ok: false, reason: /格式错误/, why: "region starts with 0" },
  { type: ID, number: "11010517491231002X", mode: "format", ok: false, reason: /格式错误/, why: "year 17xx" },
  { type: ID, number: "11010519491331002X", mode: "format", ok: false, reason: /格式错误/, why: "month 13" },
  { type: ID, number: "11010519490031002X", mode: "format", ok: false, reason: /格式错误/, why: "month 00" },
  { type: ID, number: "11010519491232002X", mode: "format", ok: false, reason: /格式错误/, why: "day 32" },
  { type: ID, number: "11010519491200002X", mode: "format", ok: false, reason: /格式错误/, why: "day 00" },
  { type: ID, number: "11010519491231002Y", mode: "format", ok: false, reason: /格式错误/, why: "check Y" },
  { type: ID, number: "1101051949123100X2", mode: "format", ok: false, reason: /格式错误/, why: "X not last" },
  { type: ID, number: " 1010519491231002X", mode: "format", ok: false, reason: /格式错误/, why: "space" },
  // Calendar date (strict only).
  { type: ID, number: mint("11010519490230002"), mode: "strict", ok: false, reason: /19490230不是有效日期/, why: "30 February" },
  { type: ID, number: mint("11010519490230002"), mode: "format", ok: true, why: "format mode only checks the pattern" },
  { type: ID, number: mint("11010520230229002"), mode: "strict", ok: false, reason: /不是有效日期/, why: "29 Feb in a common year" },
  { type: ID, number: mint("11010520000229002"), mode: "strict", ok: true, why: "29 Feb 2000 (leap)" },
  { type: ID, number: mint("11010519000229002"), mode: "strict", ok: false, reason: /不是有效日期/, why: "1900 is not leap" },
  { type: ID, number: mint("11010519490431002"), mode: "strict", ok: false, reason: /不是有效日期/, why: "31 April" },
  { type: ID, number: mint("11010518991231002"), mode: "strict", ok: false, reason: /早于1900年/, why: "born 1899" },
  { type: ID, number: mint("11010518991231002"), mode: "format", ok: true, why: "18xx passes the format regex" },
  { type: ID, number: mint("11010519000101002"), mode: "strict", ok: true, why: "1 Jan 1900 is the earliest" },
  { type: ID, number: mint("11010520240615002"), mode: "strict", ok: true, why: "born today (Beijing)" },
  { type: ID, number: mint("11010520240616002"), mode: "strict", ok: false, reason: /晚于今天/, why: "born tomorrow" },
  { type: ID, number: mint("11010520990101002"), mode: "strict", ok: false, reason: /晚于今天/, why: "born 2099" },
  // Residence permit.
  { type: PERMIT, number: mint("81000019900101001"), mode: "strict", ok: true, why: "Hong Kong" },
  { type: PERMIT, number: mint("82000019900101001"), mode: "strict", ok: true, why: "Macao" },
  { type: PERMIT, number: mint("83000019900101001").replace(/X$/, "x"), mode: "strict", ok: true, why: "Taiwan" },
  { type: PERMIT, number: "11010519491231002X", mode: "strict", ok: false, reason: /810000/, why: "mainland region" },
  { type: PERMIT, number: "11010519491231002X", mode: "format", ok: false, reason: /810000/, why: "region is part of the format" },
  { type: PERMIT, number: mint("84000019900101001"), mode: "strict", ok: false, reason: /810000/, why: "840000 is not a permit region" },
  { type: PERMIT, number: mint("81000119900101001"), mode: "strict", ok: false, reason: /810000/, why: "810001" },
  { type: PERMIT, number: "810000199001010010", mode: "format", ok: true, why: "format mode ignores the checksum" },
  { type: PERMIT, number: `${mint("81000019900101001").slice(0, 17)}${mint("81000019900101001").endsWith("0") ? "1" : "0"}`, mode: "strict", ok: false, reason: /居住证号码校验位错误/, why: "checksum" },
  { type: PERMIT, number: mint("81000020300101001"), mode: "strict", ok: false, reason: /晚于今天/, why: "future birth date" },
  { type: PERMIT, number: "8100001990010100", mode: "strict", ok: false, reason: /实际为16位/, why: "short" },
  // Travel permit.
  { type: TRAVEL, number: "H0123456700", mode: "strict", ok: true, why: "H + 10 digits" },
  { type: TRAVEL, number: "M01234567", mode: "strict", ok: true, why: "M + 8 digits" },
  { type: TRAVEL, number: "h0123456700", mode: "strict", ok: true, why: "lower-case h" },
  { type: TRAVEL, number: "m01234567", mode: "format", ok: true, why: "lower-case m" },
  { type: TRAVEL, number: "H012345670", mode: "strict", ok: false, reason: /H或M加8位或10位数字/, why: "9 digits" },
  { type: TRAVEL, number: "H0123456", mode: "strict", ok: false, reason: /通行证号码格式错误/, why: "7 digits" },
  { type: TRAVEL, number: "H012345670000", mode: "strict", ok: false, reason: /通行证号码格式错误/, why: "12 digits" },
  { type: TRAVEL, number: "C0123456700", mode: "strict", ok: false, reason: /通行证号码格式错误/, why: "C prefix" },
  { type: TRAVEL, number: "H01234567A0", mode: "format", ok: false, reason: /通行证号码格式错误/, why: "letter" },
  { type: TRAVEL, number: "11010519491231002X", mode: "strict", ok: false, reason: /通行证号码格式错误/, why: "an ID card number" },
  // Empty / off.
  { type: ID, number: "", mode: "off", ok: false, reason: /证件号码不能为空/, why: "empty in off mode" },
  { type: TRAVEL, number: "  ", mode: "strict", ok: false, reason: /证件号码不能为空/, why: "blank" },
  { type: ID, number: "anything", mode: "off", ok: true, why: "off checks nothing else" },
  { type: PERMIT, number: "11010519491231002X", mode: "off", ok: true, why: "off ignores the region" },
];

describe("checkIdNumber", () => {
  for (const row of rows) {
    it(`${row.type} ${row.mode} ${JSON.stringify(row.number)} → ${row.ok ? "ok" : "refused"} (${row.why})`, () => {
      const result = checkIdNumber(row.type, row.number, row.mode, TODAY);
      assert.equal(result.ok, row.ok, JSON.stringify(result));
      if (!result.ok) {
        assert.match(result.reason.zh, row.reason!);
        assert.ok(result.reason.en.length > 10 && !/[\u4e00-\u9fff]/.test(result.reason.en), result.reason.en);
      }
    });
  }

  it("names the check character in both languages", () => {
    assert.deepEqual(checkIdNumber("ID_CARD", "37000019890303000X", "strict", TODAY), {
      ok: false,
      reason: { zh: "居民身份证号码校验位错误", en: "the resident identity card number's check character is wrong" },
    });
  });

  it("'today' is the Beijing calendar day", () => {
    const number = mint("11010520240616002");
    // 2024-06-15T16:30Z is already 16 June 00:30 in Beijing.
    assert.equal(checkIdNumber("ID_CARD", number, "strict", new Date("2024-06-15T16:30:00Z")).ok, true);
    assert.equal(checkIdNumber("ID_CARD", number, "strict", new Date("2024-06-15T15:59:59Z")).ok, false);
  });

  it("numbers minted by an independent checksum pass strict, and every other check character fails", () => {
    const bodies = ["44030519850721123", "31011520001111004", "65010219991231567", "23010619700101999", "51010720100630010"];
    for (const body of bodies) {
      const number = mint(body);
      assert.equal(idCardCheckChar(body), number[17], body);
      assert.deepEqual(checkIdNumber("ID_CARD", number, "strict", TODAY), { ok: true }, number);
      for (const other of "0123456789X".replace(number[17], "")) {
        assert.equal(checkIdNumber("ID_CARD", body + other, "strict", TODAY).ok, false, body + other);
      }
    }
  });

  it("idCardCheckChar refuses bodies that are not 17 digits", () => {
    assert.equal(idCardCheckChar("1101051949123100"), undefined);
    assert.equal(idCardCheckChar("1101051949123100X"), undefined);
    assert.equal(idCardCheckChar("11010519491231002"), "X");
  });
});
