import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { CREDIT_CODES, ID_NUMBER } from "../../test/support/identities.ts";
import { sdkClient } from "../../test/support/sdk-client.ts";
import { expectSdkError } from "../../test/support/sdk-errors.ts";
import { SandboxClock } from "../platform/clock.ts";

let h: Harness;
let clock: SandboxClock;
let client: ReturnType<typeof sdkClient>;
const operator = () => ({ UserId: h.tenant.OperatorUserId });

const INFO = {
  OrganizationName: "典子签测试企业（深圳）有限公司",
  UniformSocialCreditCode: CREDIT_CODES[0],
  LegalName: "鹅鹅子",
  LegalIdCardType: "",
  LegalIdCardNumber: ID_NUMBER,
  AdminName: "张三",
  AdminMobile: "13800000001",
  AdminIdCardType: "",
  AdminIdCardNumber: ID_NUMBER,
};

before(async () => {
  clock = new SandboxClock();
  h = await startEssd({ clock });
  client = sdkClient(h);
});
after(() => h.close());

/** The text of every page, as a PDF reader extracts it (through the embedded font's Unicode map). */
async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string; fonts: string[] }> {
  const pdf = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  let text = "";
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    text += content.items.map((item) => ("str" in item ? item.str : "")).join("") + "\n";
  }
  const fonts = Object.values((await (await pdf.getPage(1)).getTextContent()).styles).map((s) => s.fontFamily);
  const pages = pdf.numPages;
  await pdf.destroy();
  return { pages, text, fonts };
}

describe("happy", () => {
  it("answers a FileUrl of essd's serving a PDF that states the enterprise's details (official example's input)", async () => {
    const { FileUrl } = await client.CreateOrganizationAuthFile({ Operator: operator(), OrganizationCommonInfo: INFO, Type: 0 });
    assert.match(FileUrl!, new RegExp(`^${h.url}/files/organization-auth/[0-9A-Za-z]{32}$`));
    const response = await fetch(FileUrl!);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/pdf");
    assert.equal(response.headers.get("cache-control"), "private, no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.equal(Buffer.from(bytes.subarray(0, 5)).toString("latin1"), "%PDF-");
    const { pages, text } = await pdfText(bytes);
    assert.equal(pages, 1);
    for (const expected of ["企业认证超管授权书", INFO.OrganizationName, INFO.UniformSocialCreditCode, "鹅鹅子", "张三", "13800000001", ID_NUMBER]) {
      assert.ok(text.includes(expected), `the PDF should say ${expected}:\n${text}`);
    }
  });

  it("embeds only a subset of the bundled Noto Sans SC, never a system font", async () => {
    const { FileUrl } = await client.CreateOrganizationAuthFile({ Operator: operator(), OrganizationCommonInfo: INFO });
    const raw = Buffer.from(await (await fetch(FileUrl!)).arrayBuffer());
    // The bundled font, embedded (FontFile2) rather than named for the reader to find; the full font is about 4 MB.
    assert.match(raw.toString("latin1"), /\/BaseFont \/NotoSansSC[\w-]*/);
    assert.match(raw.toString("latin1"), /\/FontFile2 \d+ 0 R/);
    assert.ok(raw.length < 200_000, `a subset is small, got ${raw.length} bytes`);
    assert.match(raw.toString("latin1"), /\/ToUnicode/);
  });

  it("renders the super-admin change letter with both admins, and the deregistration letter", async () => {
    const change = await client.CreateOrganizationAuthFile({ Operator: operator(), Type: 1, OrganizationCommonInfo: { ...INFO, OldAdminName: "李四", OldAdminMobile: "13900000002" } });
    const changeText = (await pdfText(new Uint8Array(await (await fetch(change.FileUrl!)).arrayBuffer()))).text;
    for (const expected of ["超管变更授权书", "原超级管理员", "李四", "新超级管理员", "张三"]) assert.ok(changeText.includes(expected), `${expected}:\n${changeText}`);
    const { OrganizationName, UniformSocialCreditCode, LegalName } = INFO;
    const deregistration = await client.CreateOrganizationAuthFile({ Operator: operator(), Type: 2, OrganizationCommonInfo: { OrganizationName, UniformSocialCreditCode, LegalName } });
    const text = (await pdfText(new Uint8Array(await (await fetch(deregistration.FileUrl!)).arrayBuffer()))).text;
    assert.ok(text.includes("企业注销授权书") && text.includes(OrganizationName), text);
  });

  it("the same link serves the same bytes while it lives", async () => {
    const { FileUrl } = await client.CreateOrganizationAuthFile({ Operator: operator(), OrganizationCommonInfo: INFO });
    const first = Buffer.from(await (await fetch(FileUrl!)).arrayBuffer());
    const second = Buffer.from(await (await fetch(FileUrl!)).arrayBuffer());
    assert.ok(first.equals(second));
  });

  it("the FileUrl expires after 5 minutes", async () => {
    const { FileUrl } = await client.CreateOrganizationAuthFile({ Operator: operator(), OrganizationCommonInfo: INFO });
    clock.advance(5 * 60_000 - 1000);
    assert.equal((await fetch(FileUrl!)).status, 200);
    clock.advance(1000);
    const gone = await fetch(FileUrl!);
    assert.equal(gone.status, 410);
    assert.match(gone.headers.get("content-type") ?? "", /^text\/html/);
  });

  it("no personal data of the letter is stored in clear", async () => {
    const mobile = "13700000077";
    const { FileUrl } = await client.CreateOrganizationAuthFile({ Operator: operator(), OrganizationCommonInfo: { ...INFO, AdminMobile: mobile } });
    const link = await h.domain.store.getLink(FileUrl!.split("/").pop()!);
    assert.ok(link, "the link is stored");
    const stored = JSON.stringify(link);
    assert.ok(!stored.includes(mobile) && !stored.includes(ID_NUMBER) && !stored.includes("鹅鹅子"), stored);
  });

  it("an unknown token answers 404", async () => {
    assert.equal((await fetch(`${h.url}/files/organization-auth/${"x".repeat(32)}`)).status, 404);
  });
});

describe("invalid input", () => {
  const cases: Array<{ title: string; info?: Record<string, unknown>; extra?: Record<string, unknown>; code: string; names: string }> = [
    { title: "a credit code with a wrong check character", info: { UniformSocialCreditCode: "9144030071526726XA" }, code: "InvalidParameterValue", names: "OrganizationCommonInfo.UniformSocialCreditCode" },
    { title: "a malformed legal representative's ID number", info: { LegalIdCardNumber: "110105194912310021" }, code: "InvalidParameterValue", names: "OrganizationCommonInfo.LegalIdCardNumber" },
    { title: "a malformed admin ID number", info: { AdminIdCardNumber: "123" }, code: "InvalidParameterValue", names: "OrganizationCommonInfo.AdminIdCardNumber" },
    { title: "a non-mainland admin mobile", info: { AdminMobile: "12345" }, code: "InvalidParameterValue", names: "OrganizationCommonInfo.AdminMobile" },
    { title: "an invalid legal name", info: { LegalName: "张三（广东）" }, code: "InvalidParameterValue", names: "OrganizationCommonInfo.LegalName" },
    { title: "an unknown ID type", info: { AdminIdCardType: "PASSPORT" }, code: "InvalidParameterValue", names: "OrganizationCommonInfo.AdminIdCardType" },
    { title: "Type 3", extra: { Type: 3 }, code: "InvalidParameterValue", names: "Type" },
    { title: "Type 0 without AdminName", info: { AdminName: "" }, code: "MissingParameter", names: "OrganizationCommonInfo.AdminName" },
    { title: "Type 1 without OldAdminName", extra: { Type: 1 }, code: "MissingParameter", names: "OrganizationCommonInfo.OldAdminName" },
    { title: "a blank OrganizationName", info: { OrganizationName: " " }, code: "MissingParameter", names: "OrganizationCommonInfo.OrganizationName" },
    { title: "an unknown member", info: { Address: "深圳" }, code: "UnknownParameter", names: "OrganizationCommonInfo.Address" },
  ];
  for (const c of cases) {
    it(`${c.title} answers ${c.code} naming ${c.names}`, async () => {
      await expectSdkError(
        client.CreateOrganizationAuthFile({ Operator: operator(), OrganizationCommonInfo: { ...INFO, ...c.info } as never, ...c.extra }),
        c.code,
        c.names,
      );
    });
  }

  it("a missing OrganizationCommonInfo answers MissingParameter naming it", async () => {
    await expectSdkError(client.CreateOrganizationAuthFile({ Operator: operator() } as never), "MissingParameter", "OrganizationCommonInfo");
  });
});
