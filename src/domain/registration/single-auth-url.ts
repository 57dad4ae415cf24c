import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { isMainlandMobile, isPersonName } from "../formats.ts";
import { checkBase64File, checkCreditCode, checkIdNumber } from "../identity/index.ts";
import { DAY_MS, issueLink } from "../links.ts";
import type { ActingContext } from "../operators.ts";
import { LICENSE_MAX_BYTES, POWER_OF_ATTORNEY_MAX_BYTES } from "./organization-rows.ts";
import { normalizeName } from "./registry.ts";
import { inTransaction } from "../transaction.ts";
import { pathWith } from "../../platform/url.ts";
import { shortUrl } from "./urls.ts";

/** "链接有效期统一30天" (the schema); one official example shows 90 days — the schema wins. */
export const ORGANIZATION_AUTH_LINK_TTL_MS = 30 * DAY_MS;

export type SingleEndpoint = "PC" | "APP" | "SHORT_URL" | "H5" | "SHORT_H5";

export interface OrganizationAuthRequest {
  endpoint: SingleEndpoint;
  authorizationTypes?: number[];
  organizationName?: string;
  creditCode?: string;
  legalName?: string;
  address?: string;
  adminName?: string;
  adminMobile?: string;
  adminIdNumber?: string;
  adminIdType?: "ID_CARD" | "HONGKONG_AND_MACAO" | "HONGKONG_MACAO_AND_TAIWAN";
  businessLicense?: string;
  powerOfAttorneys?: string[];
  /** What checkAuthFiles answered for these files, when the caller has checked them already. */
  decodedFiles?: ReturnType<typeof checkAuthFiles>;
  authorizationMethods?: number[];
  initialization?: number[];
  jumpEvents?: Array<{ JumpEventType?: number; JumpUrl?: string }>;
  userData?: string;
  /** Every other documented option (the *Same locks, bank account, licence type…), kept for the pages. */
  options: Record<string, unknown>;
  /** How long the link lasts (30 days unless given; essbasic's PC console links last 5 minutes). */
  linkTtlMs?: number;
}

/** Checks CreateOrganizationAuthUrl's combined rules, stores a single-enterprise flow and returns its link. */
export async function createOrganizationAuthLink(deps: DomainDeps, acting: ActingContext, req: OrganizationAuthRequest): Promise<{ authUrl: string; expiredTime: number; flowId: string }> {
  const h5 = req.endpoint === "H5" || req.endpoint === "SHORT_H5";
  if (h5 && !req.organizationName?.trim()) throw errors.organizationNameRequiredForH5();
  const types = req.authorizationTypes ?? [];
  if (types.some((t) => t !== 2 && t !== 5)) {
    throw errors.authorizationTypesOnly2And5();
  }
  if ((req.authorizationMethods ?? []).some((m) => ![1, 2, 3].includes(m)) || (h5 && (req.authorizationMethods ?? []).some((m) => m !== 1))) {
    throw errors.authorizationMethodRefused();
  }
  if ((req.initialization ?? []).some((i) => i !== 1 && i !== 2) || ((req.initialization ?? []).includes(2) && req.endpoint !== "PC")) {
    throw errors.initializationRefused();
  }
  for (const [i, event] of (req.jumpEvents ?? []).entries()) {
    if (event.JumpEventType !== undefined && ![1, 2, 3].includes(event.JumpEventType)) {
      throw errors.jumpEventTypeRefused({ index: i });
    }
    const url = event.JumpUrl ?? "";
    if (url && !(req.endpoint === "APP" ? url === "true" : /^https?:\/\/[^\s]+$/.test(url))) {
      throw errors.jumpUrlInvalid({ index: i });
    }
  }
  if (req.userData !== undefined && (req.userData.length > 4096 || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(req.userData))) {
    throw errors.userDataRefused();
  }
  if (req.creditCode) {
    const check = checkCreditCode(req.creditCode.trim(), deps.registration.idChecks);
    if (!check.ok) throw errors.creditCodeRefused({ reason: check.reason });
  }
  if (req.adminMobile && !isMainlandMobile(req.adminMobile.trim())) throw errors.adminMobileInvalid();
  if (req.adminName && !isPersonName(req.adminName.trim())) throw errors.adminNameRefused();
  if (req.adminIdNumber) {
    const check = checkIdNumber(req.adminIdType ?? "ID_CARD", req.adminIdNumber.trim(), deps.registration.idChecks, new Date(deps.clock.now()));
    if (!check.ok) throw errors.adminIdNumberInvalid({ reason: check.reason });
  }
  const powers = req.powerOfAttorneys ?? [];
  if (powers.length) {
    if (!req.adminName || !req.adminMobile) throw errors.adminRequiredWithPowerOfAttorneys();
    if (types.length !== 1 || types[0] !== 5) {
      throw errors.authorizationTypeWithPowerOfAttorneys();
    }
  }
  const decoded = req.decodedFiles ?? checkAuthFiles(req);
  // Stored only once every file and option has passed, so a refused call leaves nothing behind.
  const stored: Record<string, { hash: string; type: string; bytes: number }> = {};
  for (const file of decoded) stored[file.name] = { hash: await deps.blobs.put(file.bytes), type: file.type, bytes: file.bytes.length };
  // A power of attorney given with the link is the flow's upload already (AuthorizationTypes [5]): the admin
  // confirms the details and the bank amount, and review starts. The first one is what the reviewer sees.
  const attached = stored["PowerOfAttorneys.0"];

  const now = deps.clock.now();
  const flowId = deps.ids.next("organization");
  const seal = (v?: string) => (v ? deps.box.seal(v.trim()) : null);
  const hash = (v?: string) => (v ? deps.box.lookupHash(v.trim()) : null);
  const link = await inTransaction(deps, async (tx) => {
    const { store } = tx;
    // The link ends exactly at the whole second ExpiredTime reports.
    const ttlMs = (Math.floor(now / 1000) * 1000 + (req.linkTtlMs ?? ORGANIZATION_AUTH_LINK_TTL_MS)) - now;
    const issued = await issueLink(tx, { kind: "organization-auth", organizationId: acting.organization.id, target: { flowId, endpoint: req.endpoint }, ttlMs });
    await store.insertAuthFlow({
      id: flowId,
      subTaskId: null,
      taskId: null,
      position: 0,
      organizationId: acting.organization.id,
      operatorId: acting.operator.id,
      source: "single",
      organizationName: req.organizationName?.trim() ?? "",
      nameKey: normalizeName(req.organizationName ?? ""),
      creditCode: req.creditCode?.trim().toUpperCase() ?? "",
      legalName: req.legalName?.trim() ?? "",
      address: req.address?.trim() ?? "",
      adminName: req.adminName?.trim() ?? "",
      adminMobileSealed: seal(req.adminMobile),
      adminMobileHash: hash(req.adminMobile),
      adminIdType: req.adminIdType ?? "ID_CARD",
      adminIdSealed: seal(req.adminIdNumber?.toUpperCase()),
      adminIdHash: hash(req.adminIdNumber?.toUpperCase()),
      authorizationTypes: types,
      status: "Create",
      state: "active",
      errorMessage: "",
      authType: 0,
      auditStatus: 0,
      reason: "",
      linkToken: issued.token,
      verifiedOrganizationId: null,
      options: { ...req.options, files: stored, ...(attached ? { authorization: { powerOfAttorney: attached.hash } } : {}), ...(req.jumpEvents ? { jumpEvents: req.jumpEvents } : {}), ...(req.userData ? { userData: req.userData } : {}) },
      createdAt: now,
      updatedAt: now,
    });
    return issued;
  });
  return { authUrl: organizationAuthUrl(deps.publicUrl, req.endpoint, link), expiredTime: Math.floor(link.expiresAt / 1000), flowId };
}

/**
 * Decodes and checks a link's files (`BusinessLicense` PNG/JPG ≤ 5 MB, `PowerOfAttorneys` PNG/JPG/PDF ≤ 8 MB
 * each), refusing the first bad one by name (`InvalidParameter.FileType`); nothing is stored here.
 */
export function checkAuthFiles(req: Pick<OrganizationAuthRequest, "businessLicense" | "powerOfAttorneys">): Array<{ name: string; bytes: Buffer; type: string }> {
  const files = [
    ...(req.businessLicense ? [{ name: "BusinessLicense", b64: req.businessLicense, allowed: ["png", "jpg"] as const, max: LICENSE_MAX_BYTES }] : []),
    ...(req.powerOfAttorneys ?? []).map((b64, i) => ({ name: `PowerOfAttorneys.${i}`, b64, allowed: ["png", "jpg", "pdf"] as const, max: POWER_OF_ATTORNEY_MAX_BYTES })),
  ];
  return files.map((file) => {
    const check = checkBase64File(file.b64, [...file.allowed], file.max);
    if (!check.ok) throw errors.fileTypeInvalid({ name: file.name, reason: check.reason });
    return { name: file.name, bytes: check.bytes, type: check.type };
  });
}

export function organizationAuthUrl(publicUrl: string, endpoint: SingleEndpoint, link: { token: string; shortCode: string }): string {
  switch (endpoint) {
    case "PC":
      return pathWith("/console/register-callback", { token: link.token }, { base: publicUrl });
    case "APP":
      return pathWith("/pages/guide/index", { to: "REGISTER_ENTERPRISE", urlAuthToken: link.token });
    case "H5":
      return pathWith("/h5/register", { token: link.token }, { base: publicUrl });
    case "SHORT_URL":
    case "SHORT_H5":
      return shortUrl(publicUrl, link.shortCode);
  }
}
