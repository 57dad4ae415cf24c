import { z } from "zod";
import { issueAuthFile } from "../domain/auth-file/auth-file.ts";
import { checkAuthFileDetails } from "../domain/auth-file/details.ts";
import type { AuthFileType } from "../domain/auth-file/letter.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";

// "" is what the official example sends for an unset type; it means ID_CARD.
const IdCardType = z.enum(["", "ID_CARD", "HONGKONG_AND_MACAO", "HONGKONG_MACAO_AND_TAIWAN"]).optional();

const OrganizationCommonInfo = z
  .strictObject({
    OrganizationName: z.string().max(200).meta(describe("企业名称，与营业执照一致。", "Enterprise name, as on the business licence.")),
    UniformSocialCreditCode: z.string().max(64).meta(describe("统一社会信用代码。", "Unified social credit code.")),
    LegalName: z.string().max(50).meta(describe("法定代表人姓名。", "Legal representative's name.")),
    LegalIdCardType: IdCardType.meta(describe("法定代表人证件类型，默认 ID_CARD。", "Legal representative's document type (default ID_CARD).")),
    LegalIdCardNumber: z.string().max(64).optional().meta(describe("法定代表人证件号码。", "Legal representative's document number.")),
    AdminName: z.string().max(50).optional().meta(describe("超管姓名（Type 0、1 必填）。", "Super-admin's name (required for Type 0 and 1).")),
    AdminMobile: z.string().max(32).optional().meta(describe("超管手机号。", "Super-admin's mobile.")),
    AdminIdCardType: IdCardType.meta(describe("超管证件类型，默认 ID_CARD。", "Super-admin's document type (default ID_CARD).")),
    AdminIdCardNumber: z.string().max(64).optional().meta(describe("超管证件号码。", "Super-admin's document number.")),
    OldAdminName: z.string().max(50).optional().meta(describe("原超管姓名（Type 1 必填）。", "Former super-admin's name (required for Type 1).")),
    OldAdminMobile: z.string().max(32).optional().meta(describe("原超管手机号。", "Former super-admin's mobile.")),
    OldAdminIdCardType: IdCardType.meta(describe("原超管证件类型，默认 ID_CARD。", "Former super-admin's document type (default ID_CARD).")),
    OldAdminIdCardNumber: z.string().max(64).optional().meta(describe("原超管证件号码。", "Former super-admin's document number.")),
  })
  .meta(describe("授权书上的企业信息，需与营业执照一致。", "The enterprise's details the letter states, as on the business licence."));

export const CreateOrganizationAuthFile = defineAction({
  name: "CreateOrganizationAuthFile",
  description: describe(
    "生成企业授权书（PDF）：0 企业认证超管授权书、1 超管变更授权书、2 企业注销授权书；返回5分钟内有效的下载链接。",
    "Renders an enterprise's power of attorney as a PDF (0 super-admin authorisation, 1 super-admin change, 2 deregistration) and answers a download link valid for 5 minutes.",
  ).descriptions,
  input: () => z.strictObject({
    OrganizationCommonInfo,
    Agent,
    Operator: UserInfo,
    Type: z.int().min(0).max(2).optional().meta(describe("授权书类型：0（默认）、1、2。", "Letter type: 0 (default), 1, 2.")),
  }),
  async handle(input, { deps, acting }) {
    const type = (input.Type ?? 0) as AuthFileType;
    const details = checkAuthFileDetails(deps, type, input.OrganizationCommonInfo);
    return { FileUrl: await issueAuthFile(deps, acting, type, details) };
  },
});
