import { readFileSync } from "node:fs";

export interface EnterpriseFacts {
  organizationName: string;
  creditCode: string;
  legalName: string;
}

export type RegistryVerdict = { ok: true } | { ok: false; message: string };

/** The business register an enterprise's three facts (name, credit code, legal representative) are checked against. */
export interface EnterpriseRegistry {
  verify(facts: EnterpriseFacts): Promise<RegistryVerdict>;
}

export const NOT_FOUND_MESSAGE = "三要素校验失败: 工商库未能查询到企业信息，请核实信息或切换为上传营业执照认证。";

/**
 * The default registry: accepts any checksum-valid enterprise, and fails deterministically on documented test
 * values, like a payment sandbox's test card numbers (README "Sandbox test values").
 */
export const SANDBOX_TEST_VALUES: ReadonlyArray<{ when: string; matches: (f: EnterpriseFacts) => boolean; message: string }> = [
  { when: "OrganizationName contains 未收录", matches: (f) => f.organizationName.includes("未收录"), message: NOT_FOUND_MESSAGE },
  {
    when: "LegalName is 法人不符",
    matches: (f) => f.legalName === "法人不符",
    message: "三要素校验失败: 法定代表人姓名与工商登记信息不一致，请核实后重试。",
  },
  {
    when: "OrganizationName contains 已注销",
    matches: (f) => f.organizationName.includes("已注销"),
    message: "三要素校验失败: 企业经营状态异常（注销或吊销），无法认证。",
  },
  {
    when: "OrganizationName contains 已认证",
    matches: (f) => f.organizationName.includes("已认证"),
    message: "认证失败，错误信息:此企业已经完成认证，请联系此企业的超级管理员（典*谦）加入该企业",
  },
];

export const sandboxRegistry: EnterpriseRegistry = {
  async verify(facts) {
    const hit = SANDBOX_TEST_VALUES.find((t) => t.matches(facts));
    return hit ? { ok: false, message: hit.message } : { ok: true };
  },
};

/**
 * A registry of known enterprises from a file: a JSON array of objects, or CSV with a header row, both with
 * the fields OrganizationName, UniformSocialCreditCode and LegalName. Unknown enterprises fail as "not found".
 */
export function fileRegistry(path: string): EnterpriseRegistry {
  const text = readFileSync(path, "utf8");
  const records = path.toLowerCase().endsWith(".json") ? (JSON.parse(text) as Array<Record<string, string>>) : parseCsv(text);
  const byCode = new Map<string, Record<string, string>>();
  for (const r of records) {
    if (!r.UniformSocialCreditCode || !r.OrganizationName) throw new Error(`${path}: every record needs OrganizationName and UniformSocialCreditCode`);
    byCode.set(r.UniformSocialCreditCode.trim().toUpperCase(), r);
  }
  return {
    async verify(facts) {
      const known = byCode.get(facts.creditCode.toUpperCase());
      if (!known) return { ok: false, message: NOT_FOUND_MESSAGE };
      if (normalizeName(known.OrganizationName) !== normalizeName(facts.organizationName)) {
        return { ok: false, message: "三要素校验失败: 企业名称与统一社会信用代码不匹配，请核实后重试。" };
      }
      if (known.LegalName && known.LegalName.trim() !== facts.legalName.trim()) {
        return { ok: false, message: "三要素校验失败: 法定代表人姓名与工商登记信息不一致，请核实后重试。" };
      }
      return { ok: true };
    },
  };
}

/** Names as ESS compares them: trimmed, with ASCII parentheses turned full-width (reference §6.3). */
export const normalizeName = (name: string): string => name.trim().replaceAll("(", "（").replaceAll(")", "）");

function parseCsv(text: string): Array<Record<string, string>> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const split = (line: string) => line.split(",").map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
  const header = split(lines[0] ?? "");
  return lines.slice(1).map((line) => Object.fromEntries(split(line).map((cell, i) => [header[i], cell])));
}
