import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkCreditCode, creditCodeCheckChar, CREDIT_CODE_CHARSET, type CheckMode } from "./credit-code.ts";

/** An independent implementation of GB 32100-2015's check character, to mint codes the checker never saw. */
function mint(first17: string): string {
  const sum = [...first17].reduce((acc, c, i) => acc + CREDIT_CODE_CHARSET.indexOf(c) * Number(3n ** BigInt(i) % 31n), 0);
  return first17 + CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

type Row = { code: string; mode: CheckMode; ok: boolean; reason?: RegExp; why: string };

const rows: Row[] = [
  // Reference §9.4 vectors.
  { code: "9144030071526726XG", mode: "strict", ok: true, why: "Tencent (official example)" },
  { code: "91110108772551611J", mode: "strict", ok: true, why: "api.json example" },
  { code: "9131000063159284XQ", mode: "strict", ok: true, why: "verified vector" },
  { code: "91310115MA1H8R7C6D", mode: "strict", ok: false, reason: /校验位错误/, why: "checksum fails" },
  { code: "91350100M000100Y4Z", mode: "strict", ok: false, reason: /非法字符“Z”/, why: "worked example: Z is not even in the alphabet" },
  { code: "91350100M000100Y43", mode: "strict", ok: true, why: "worked example with its correct check 3" },
  { code: "91310115MA1H8R7C6D", mode: "format", ok: true, why: "format mode ignores the checksum" },
  { code: "9XXXXXXXXXXXXXXXX1", mode: "format", ok: false, reason: /第3至8位/, why: "doc placeholder: X in the region code" },
  { code: "9XXXXXXXXXXXXXXXX1", mode: "off", ok: true, why: "off mode accepts doc placeholders" },
  { code: "N26XXXXXX523", mode: "format", ok: false, reason: /应为18位，实际为12位/, why: "12-char doc placeholder" },
  // Length.
  { code: "9144030071526726X", mode: "format", ok: false, reason: /实际为17位/, why: "17 chars" },
  { code: "9144030071526726XGG", mode: "format", ok: false, reason: /实际为19位/, why: "19 chars" },
  { code: " 9144030071526726XG", mode: "strict", ok: false, reason: /实际为19位/, why: "leading space is not trimmed" },
  // Charset.
  { code: "9144030071526726xg", mode: "format", ok: false, reason: /小写/, why: "lower case is a format error" },
  { code: "9144030071526726XI", mode: "format", ok: false, reason: /非法字符“I”/, why: "I is outside the alphabet" },
  { code: "91440300715267260O", mode: "format", ok: false, reason: /非法字符“O”/, why: "O is outside the alphabet" },
  { code: "9144030071526726SV", mode: "format", ok: false, reason: /非法字符“S”/, why: "S is outside the alphabet" },
  { code: "9144030071526726Z0", mode: "format", ok: false, reason: /非法字符“Z”/, why: "Z is outside the alphabet" },
  { code: "914403007152672-XG", mode: "format", ok: false, reason: /非法字符“-”/, why: "symbol" },
  { code: "91440300715267２6XG", mode: "format", ok: false, reason: /非法字符“２”/, why: "full-width digit" },
  // Region code (positions 3–8).
  { code: "91A40300715267260X", mode: "format", ok: false, reason: /第3至8位/, why: "letter at position 3" },
  { code: "9144030A715267260X", mode: "format", ok: false, reason: /第3至8位/, why: "letter at position 8" },
  { code: "Y1440300715267260X", mode: "format", ok: true, why: "letters allowed at positions 1, 2, 9–18" },
  // Empty.
  { code: "", mode: "off", ok: false, reason: /不能为空/, why: "empty in off mode" },
  { code: "   ", mode: "strict", ok: false, reason: /不能为空/, why: "blank" },
  { code: "abc", mode: "off", ok: true, why: "off mode checks nothing else" },
];

describe("checkCreditCode", () => {
  for (const row of rows) {
    it(`${row.mode} ${JSON.stringify(row.code)} → ${row.ok ? "ok" : "refused"} (${row.why})`, () => {
      const result = checkCreditCode(row.code, row.mode);
      assert.equal(result.ok, row.ok, JSON.stringify(result));
      if (!result.ok) {
        assert.match(result.reason.zh, row.reason!);
        assert.ok(result.reason.en.startsWith("the unified social credit code") || result.reason.en.startsWith("positions 3–8"));
      }
    });
  }

  it("names the check character in both languages", () => {
    assert.deepEqual(checkCreditCode("91310115MA1H8R7C6D", "strict"), {
      ok: false,
      reason: { zh: "统一社会信用代码校验位错误", en: "the unified social credit code's check character is wrong" },
    });
  });

  it("codes minted by an independent checksum pass strict, and every other check character fails", () => {
    const bodies = ["91440300715267260", "91110108MA01ABCDE", "12100000400012345", "Y1650000MA7XYQ8R0", "31330000000000000", "NA320500MAUWXY123"];
    for (const body of bodies) {
      const code = mint(body);
      assert.equal(creditCodeCheckChar(body), code[17], body);
      assert.deepEqual(checkCreditCode(code, "strict"), { ok: true }, code);
      for (const other of CREDIT_CODE_CHARSET.replace(code[17], "")) {
        assert.equal(checkCreditCode(body + other, "strict").ok, false, body + other);
      }
    }
  });

  it("the check value 31 maps to 0", () => {
    // Search for a body whose weighted sum is ≡ 0 (mod 31), which is where 31 − 0 = 31 → "0".
    let body = "";
    for (let n = 0; ; n++) {
      body = `911101087725516${String(n).padStart(2, "0")}`;
      if (mint(body).endsWith("0")) break;
    }
    assert.equal(creditCodeCheckChar(body), "0");
    assert.equal(checkCreditCode(`${body}0`, "strict").ok, true);
  });

  it("creditCodeCheckChar refuses bodies that are not 17 alphabet characters", () => {
    assert.equal(creditCodeCheckChar("9144030071526726"), undefined);
    assert.equal(creditCodeCheckChar("9144030071526726I"), undefined);
  });
});
