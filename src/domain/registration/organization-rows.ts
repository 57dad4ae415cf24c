import { isMainlandMobile, isPersonName } from "../formats.ts";
import { checkAddress, checkBase64File, checkCreditCode, checkIdNumber, type CheckMode } from "../identity/index.ts";

/** One enterprise of CreateBatchOrganizationRegistrationTasks, as on the wire. */
export interface RegistrationOrganization {
  OrganizationName: string;
  UniformSocialCreditCode: string;
  LegalName: string;
  Address?: string;
  AdminName?: string;
  AdminMobile?: string;
  AuthorizationTypes?: number[];
  AdminIdCardNumber?: string;
  AdminIdCardType?: "ID_CARD" | "HONGKONG_AND_MACAO" | "HONGKONG_MACAO_AND_TAIWAN";
  BusinessLicense?: string;
  PowerOfAttorneys?: string[];
  /** essbasic only: the platform's ids of the sub-enterprise and of its admin (经办人), and where H5 goes after. */
  OrganizationOpenId?: string;
  OpenId?: string;
  AutoJumpUrl?: string;
}

export const LICENSE_MAX_BYTES = 5 * 1024 * 1024;
export const POWER_OF_ATTORNEY_MAX_BYTES = 8 * 1024 * 1024;
/** 1 upload a power of attorney; 2 legal representative authorizes; 5 power of attorney + corporate transfer. */
export const AUTHORIZATION_TYPES = [1, 2, 5] as const;

/** A row's refusal in ESS's words. */
export const rowProblem = (rowNumber: number, what: string): string => `第【${rowNumber}】条注册信息参数错误，${what},请确认后再试`;

/**
 * Checks one enterprise and returns what is wrong with it in ESS's words, or undefined. The message follows the
 * official example `第【2】条注册信息参数错误，地址参数不正确,请确认后再试`; `rowNumber` is the row as the service counts it
 * (ess from 0, essbasic from 1, as their examples show).
 */
export function problemWithOrganization(
  org: RegistrationOrganization,
  rowNumber: number,
  context: { idChecks: CheckMode; today: Date; batchAuthMethod: number },
): string | undefined {
  const wrong = (what: string) => rowProblem(rowNumber, what);
  if (!org.OrganizationName.trim()) return wrong("企业名称不能为空");
  const code = checkCreditCode(org.UniformSocialCreditCode.trim(), context.idChecks);
  if (!code.ok) return wrong(`统一社会信用代码不正确(${code.reason.zh})`);
  if (!org.LegalName.trim() || (context.idChecks !== "off" && !isPersonName(org.LegalName.trim()))) return wrong("法人姓名不正确");
  if (org.Address !== undefined && org.Address !== "" && !checkAddress(org.Address).ok) return wrong("地址参数不正确");
  if (org.AdminName && !isPersonName(org.AdminName.trim())) return wrong("超管姓名不正确");
  if (org.AdminMobile && !isMainlandMobile(org.AdminMobile.trim())) return wrong("超管手机号不正确");
  if (org.AdminIdCardNumber) {
    const id = checkIdNumber(org.AdminIdCardType ?? "ID_CARD", org.AdminIdCardNumber.trim(), context.idChecks, context.today);
    if (!id.ok) return wrong(`超管证件号不正确(${id.reason.zh})`);
  }

  const types = org.AuthorizationTypes ?? [];
  if (types.length > 1) return wrong("当前仅支持一种授权方式");
  if (types.some((t) => !(AUTHORIZATION_TYPES as readonly number[]).includes(t))) return wrong("授权方式不正确,仅支持1、2、5");
  // Registration authority code 1 is 机构编制: government bodies and public institutions (GB 32100).
  if (org.UniformSocialCreditCode.trim().startsWith("1") && types.length && types[0] !== 5) {
    return wrong("政府机关或事业单位仅支持授权书+对公打款(5)的授权方式");
  }

  const powers = org.PowerOfAttorneys ?? [];
  if (powers.length) {
    if (!org.AdminName || !org.AdminMobile || !org.AdminIdCardNumber) return wrong("传递超管授权书时,超管姓名、手机号和证件号必填");
    if (types.length && types[0] !== 1) return wrong("传递超管授权书时,授权方式只能是上传授权书(1)");
  } else if (context.batchAuthMethod === 1 && types[0] === 1) {
    return wrong("单链接模式下授权方式为上传授权书时,必须传递超管授权书");
  }
  if (org.BusinessLicense) {
    const file = checkBase64File(org.BusinessLicense, ["png", "jpg"], LICENSE_MAX_BYTES);
    if (!file.ok) return wrong(`营业执照不正确(${file.reason.zh})`);
  }
  for (const [i, power] of powers.entries()) {
    const file = checkBase64File(power, ["png", "jpg", "pdf"], POWER_OF_ATTORNEY_MAX_BYTES);
    if (!file.ok) return wrong(`第${i + 1}份授权书不正确(${file.reason.zh})`);
  }
  return undefined;
}
