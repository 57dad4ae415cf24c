import { beijingTime } from "../formats.ts";
import type { PdfBlock } from "../../platform/pdf-document.ts";

/** CreateOrganizationAuthFile's `Type`: 0 super-admin authorisation for verification, 1 super-admin change, 2 deregistration. */
export const AUTH_FILE_TYPES = [0, 1, 2] as const;
export type AuthFileType = (typeof AUTH_FILE_TYPES)[number];

/** The enterprise's details as the caller gave them (OrganizationCommonInfo), trimmed; blank members are absent. */
export interface AuthFileDetails {
  organizationName: string;
  creditCode: string;
  legalName: string;
  legalIdType?: string;
  legalIdNumber?: string;
  adminName?: string;
  adminMobile?: string;
  adminIdType?: string;
  adminIdNumber?: string;
  oldAdminName?: string;
  oldAdminMobile?: string;
  oldAdminIdType?: string;
  oldAdminIdNumber?: string;
}

export const AUTH_FILE_TITLES: Record<AuthFileType, string> = { 0: "企业认证超管授权书", 1: "超管变更授权书", 2: "企业注销授权书" };

const ID_TYPE_NAMES: Record<string, string> = { ID_CARD: "居民身份证", HONGKONG_AND_MACAO: "港澳居民来往内地通行证", HONGKONG_MACAO_AND_TAIWAN: "港澳台居民居住证" };

const person = (name?: string, idType?: string, idNumber?: string, mobile?: string): PdfBlock[] => [
  ...(name ? [{ kind: "field" as const, label: "姓名", text: name }] : []),
  ...(idNumber ? [{ kind: "field" as const, label: "证件", text: `${ID_TYPE_NAMES[idType || "ID_CARD"] ?? idType} ${idNumber}` }] : []),
  ...(mobile ? [{ kind: "field" as const, label: "手机号", text: mobile }] : []),
];

/**
 * The text of a power of attorney, in essd's own words: who grants what to whom, the enterprise's identifiers, and
 * the places to sign and stamp. The enterprise prints it, signs and stamps it, and uploads it where ESS asks.
 */
export function authFileBlocks(type: AuthFileType, d: AuthFileDetails, issuedAt: number): PdfBlock[] {
  const subject: Record<AuthFileType, string> = {
    0: `兹授权下列人员作为本企业在腾讯电子签的超级管理员，代表本企业完成企业认证并管理本企业的电子签账号。`,
    1: `本企业在腾讯电子签的超级管理员由原超级管理员变更为下列新超级管理员，新超级管理员自变更之日起代表本企业管理电子签账号。`,
    2: `本企业申请注销在腾讯电子签的企业账号，注销后本企业不再使用该账号签署合同。`,
  };
  return [
    { kind: "title", text: AUTH_FILE_TITLES[type] },
    { kind: "paragraph", text: "致：腾讯电子签" },
    { kind: "paragraph", text: subject[type] },
    { kind: "gap" },
    { kind: "paragraph", text: "企业信息" },
    { kind: "field", label: "企业名称", text: d.organizationName },
    { kind: "field", label: "统一社会信用代码", text: d.creditCode },
    { kind: "field", label: "法定代表人", text: d.legalName },
    ...(d.legalIdNumber ? [{ kind: "field" as const, label: "法定代表人证件", text: `${ID_TYPE_NAMES[d.legalIdType || "ID_CARD"] ?? d.legalIdType} ${d.legalIdNumber}` }] : []),
    ...(type === 1 && d.oldAdminName ? [{ kind: "gap" as const }, { kind: "paragraph" as const, text: "原超级管理员" }, ...person(d.oldAdminName, d.oldAdminIdType, d.oldAdminIdNumber, d.oldAdminMobile)] : []),
    ...(d.adminName
      ? [{ kind: "gap" as const }, { kind: "paragraph" as const, text: type === 1 ? "新超级管理员" : type === 0 ? "被授权人（超级管理员）" : "经办人" }, ...person(d.adminName, d.adminIdType, d.adminIdNumber, d.adminMobile)]
      : []),
    { kind: "gap" },
    { kind: "paragraph", text: "本企业确认以上信息真实、准确，并承担由此产生的法律责任。" },
    { kind: "gap" },
    { kind: "paragraph", text: "法定代表人（签字）：" },
    { kind: "paragraph", text: "企业（盖章）：" },
    { kind: "paragraph", text: `日期：${beijingTime(issuedAt).slice(0, 10)}` },
  ];
}
