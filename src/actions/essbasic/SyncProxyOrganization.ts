import { z } from "zod";
import { syncProxyOrganization } from "../../domain/platforms/sync.ts";
import { definePlatformAction } from "../../protocol/action.ts";
import { describe, PlatformAgent } from "../../protocol/shapes.ts";

export const SyncProxyOrganization = definePlatformAction({
  name: "SyncProxyOrganization",
  description: describe("同步子客企业信息（名称、统一社会信用代码、法人、住所），首次使用时建立子客企业。", "Syncs a sub-enterprise's details (name, credit code, legal representative, address); creates it on first use.").descriptions,
  needs: { organization: true, operator: false },
  input: () => z.strictObject({
    Agent: PlatformAgent,
    ProxyOrganizationName: z.string().meta(describe("子客企业名称，与营业执照一致。", "The sub-enterprise's name, as on its business licence.")),
    BusinessLicense: z.string().optional().meta(describe("营业执照正面照 base64（不保存）。", "Business licence image, base64 (not kept).")),
    UniformSocialCreditCode: z.string().max(200).optional().meta(describe("统一社会信用代码。", "Unified social credit code.")),
    ProxyLegalName: z.string().optional().meta(describe("法定代表人姓名。", "Legal representative's name.")),
    ProxyLegalIdCardType: z.enum(["ID_CARD"]).optional().meta(describe("法定代表人证件类型，仅 ID_CARD。", "Legal representative's document type; ID_CARD only.")),
    ProxyLegalIdCardNumber: z.string().optional().meta(describe("法定代表人证件号码。", "Legal representative's document number.")),
    ProxyAddress: z.string().max(500).optional().meta(describe("企业详细住所。", "Registered address.")),
  }),
  async handle(input, { deps, acting }) {
    await syncProxyOrganization(deps, acting, {
      name: input.ProxyOrganizationName,
      creditCode: input.UniformSocialCreditCode,
      legalName: input.ProxyLegalName,
      legalIdCardType: input.ProxyLegalIdCardType,
      legalIdCardNumber: input.ProxyLegalIdCardNumber,
      address: input.ProxyAddress,
    });
    return {};
  },
});
