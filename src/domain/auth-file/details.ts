import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { isMainlandMobile, isPersonName } from "../formats.ts";
import { checkCreditCode, checkIdNumber, type IdCardType } from "../identity/index.ts";
import type { AuthFileDetails, AuthFileType } from "./letter.ts";

/** OrganizationCommonInfo as the wire carries it. */
export interface OrganizationCommonInfo {
  OrganizationName: string;
  UniformSocialCreditCode: string;
  LegalName: string;
  LegalIdCardType?: IdCardType | "";
  LegalIdCardNumber?: string;
  AdminName?: string;
  AdminMobile?: string;
  AdminIdCardType?: IdCardType | "";
  AdminIdCardNumber?: string;
  OldAdminName?: string;
  OldAdminMobile?: string;
  OldAdminIdCardType?: IdCardType | "";
  OldAdminIdCardNumber?: string;
}

const PREFIX = "OrganizationCommonInfo";
const refused = (member: string, zh: string, en: string) => errors.invalidParameterValue({ name: `${PREFIX}.${member}`, why: { zh, en } });

/**
 * Checks the details a power of attorney will state, every value that cannot be valid refused with an error naming
 * it (identity numbers under `--id-checks`, as registration does), and the people the `Type` needs present.
 */
export function checkAuthFileDetails(deps: Pick<DomainDeps, "registration" | "clock">, type: AuthFileType, info: OrganizationCommonInfo): AuthFileDetails {
  const v = (value: string | undefined) => value?.trim() || undefined;
  const name = v(info.OrganizationName);
  if (!name) throw errors.missingParameter({ name: `${PREFIX}.OrganizationName` });
  const creditCode = v(info.UniformSocialCreditCode);
  if (!creditCode) throw errors.missingParameter({ name: `${PREFIX}.UniformSocialCreditCode` });
  const code = checkCreditCode(creditCode, deps.registration.idChecks);
  if (!code.ok) throw refused("UniformSocialCreditCode", code.reason.zh, code.reason.en);
  const legalName = v(info.LegalName);
  if (!legalName) throw errors.missingParameter({ name: `${PREFIX}.LegalName` });

  const today = new Date(deps.clock.now());
  const checkPerson = (role: "Legal" | "Admin" | "OldAdmin", nameValue: string | undefined, mobile: string | undefined, idType: IdCardType | "" | undefined, idNumber: string | undefined) => {
    if (nameValue && !isPersonName(nameValue)) throw refused(`${role}Name`, "姓名不符合规范。", "is not a valid name.");
    if (mobile && !isMainlandMobile(mobile)) throw refused(`${role}Mobile`, "不是中国大陆11位手机号。", "is not a mainland 11-digit mobile number.");
    if (idNumber) {
      const check = checkIdNumber(idType || "ID_CARD", idNumber, deps.registration.idChecks, today);
      if (!check.ok) throw refused(`${role}IdCardNumber`, check.reason.zh, check.reason.en);
    }
  };
  checkPerson("Legal", legalName, undefined, info.LegalIdCardType, v(info.LegalIdCardNumber));
  checkPerson("Admin", v(info.AdminName), v(info.AdminMobile), info.AdminIdCardType, v(info.AdminIdCardNumber));
  checkPerson("OldAdmin", v(info.OldAdminName), v(info.OldAdminMobile), info.OldAdminIdCardType, v(info.OldAdminIdCardNumber));
  // Who the letter is about: the super-admin authorised (0), and for a change also the one replaced (1).
  if ((type === 0 || type === 1) && !v(info.AdminName)) throw errors.missingParameter({ name: `${PREFIX}.AdminName` });
  if (type === 1 && !v(info.OldAdminName)) throw errors.missingParameter({ name: `${PREFIX}.OldAdminName` });

  const details: AuthFileDetails = {
    organizationName: name,
    creditCode,
    legalName,
    legalIdType: info.LegalIdCardType || undefined,
    legalIdNumber: v(info.LegalIdCardNumber),
    adminName: v(info.AdminName),
    adminMobile: v(info.AdminMobile),
    adminIdType: info.AdminIdCardType || undefined,
    adminIdNumber: v(info.AdminIdCardNumber),
    oldAdminName: v(info.OldAdminName),
    oldAdminMobile: v(info.OldAdminMobile),
    oldAdminIdType: info.OldAdminIdCardType || undefined,
    oldAdminIdNumber: v(info.OldAdminIdCardNumber),
  };
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)) as AuthFileDetails;
}
