/**
 * CreateConsoleLoginUrl: the one way a sub-enterprise's operator enters essd. Where the link leads depends on the
 * sub-enterprise and the operator (the spec's table):
 *   not activated                 → the enterprise's activation: the same authorization flow and admin pages as
 *                                   the ess links (SMS code, confirm, authorization, review); whoever completes
 *                                   it becomes the super-admin
 *   activated, operator not joined → prove the mobile, then join the enterprise as a verified employee
 *   activated, operator joined     → the console page, showing the enterprise and the operator
 * A link for an activation started by another operator clears that flow first ("更换用户OpenID重新生成链接，之前
 * 的认证会被清理"); the same operator gets a fresh link to the flow already running.
 */
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { isMainlandMobile, isPersonName } from "../formats.ts";
import { DAY_MS, issueLink } from "../links.ts";
import { checkAuthFiles, createOrganizationAuthLink, organizationAuthUrl, type SingleEndpoint } from "../registration/single-auth-url.ts";
import { shortUrl } from "../registration/urls.ts";
import { inTransaction } from "../transaction.ts";
import { pathWith } from "../../platform/url.ts";
import type { AuthFlowRecord } from "../../store/ports.ts";
import { joinAsVerifiedEmployee, platformOf, type PlatformFlowOptions } from "./activation.ts";
import { employeeOf, ensureProxyOperator, ensureProxyOrganization, type PlatformActing } from "./identity-mapping.ts";
import { applicationAsOwner } from "./owner.ts";
import { emitStaffVerified } from "./callbacks.ts";

export const CONSOLE_ENDPOINTS = ["PC", "PC_SHORT_URL", "CHANNEL", "SHORT_URL", "WEIXIN_QRCODE_URL", "APP", "H5", "SHORT_H5"] as const;
export type ConsoleEndpoint = (typeof CONSOLE_ENDPOINTS)[number];

/** The link kind of an activated sub-enterprise's console page. */
export const CONSOLE_LINK_KIND = "platform-console";
export const CONSOLE_PAGE = "/h5/console/:token";

/** "PC/PC_SHORT_URL 5分钟", every other form 30 days (the ConsoleUrl table). */
const ttlOf = (endpoint: ConsoleEndpoint) => (endpoint === "PC" || endpoint === "PC_SHORT_URL" ? 5 * 60_000 : 30 * DAY_MS);

/** The activation link's form: the ess single-enterprise forms, the mini-program ones as its APP form. */
const ACTIVATION_FORM: Record<ConsoleEndpoint, SingleEndpoint> = {
  PC: "PC",
  PC_SHORT_URL: "SHORT_URL",
  CHANNEL: "SHORT_URL",
  SHORT_URL: "SHORT_URL",
  WEIXIN_QRCODE_URL: "APP",
  APP: "APP",
  H5: "H5",
  SHORT_H5: "SHORT_H5",
};

export interface ConsoleLoginRequest {
  endpoint: ConsoleEndpoint;
  organizationName: string;
  creditCode?: string;
  legalName?: string;
  address?: string;
  operatorName?: string;
  operatorMobile?: string;
  operatorIdCardNumber?: string;
  authorizationTypes?: number[];
  /** Base64 files for a new activation: the licence is kept with the flow, the powers of attorney are its upload. */
  businessLicense?: string;
  powerOfAttorneys?: string[];
  /** AutoActive: the sub-enterprise's account is activated (a licence, one year) when its activation verifies it. */
  autoActive?: boolean;
  /** How the console page of an activated sub-enterprise opens (Module, ModuleId, MenuStatus, TopNavigationStatus). */
  console: ConsoleView;
  /** The activation's documented options (JumpEvents, *Same locks, bank account…), kept on its flow for the pages. */
  options: Record<string, unknown>;
}

export const CONSOLE_MODULES = ["DOCUMENT", "TEMPLATE", "SEAL", "OPERATOR"] as const;
export type ConsoleModule = (typeof CONSOLE_MODULES)[number];

/** What a console link keeps of the request: the module it opens on (企业中心 when none) and what the frame shows. */
export interface ConsoleView {
  module?: ConsoleModule;
  moduleId?: string;
  menu: boolean;
  topNavigation: boolean;
}

export async function createConsoleLoginUrl(deps: DomainDeps, acting: PlatformActing, req: ConsoleLoginRequest): Promise<{ ConsoleUrl: string; IsActivated: boolean; ProxyOperatorIsVerified: boolean }> {
  const name = req.organizationName.trim();
  if (!name) throw errors.missingParameter({ name: "ProxyOrganizationName" });
  if (req.operatorMobile?.trim() && !isMainlandMobile(req.operatorMobile.trim())) throw errors.invalidParameterValue({ name: "ProxyOperatorMobile", why: { zh: "不是中国大陆11位手机号。", en: "not a mainland 11-digit mobile number." } });
  if (req.operatorName?.trim() && !isPersonName(req.operatorName.trim())) throw errors.invalidParameterValue({ name: "ProxyOperatorName", why: { zh: "姓名不合法。", en: "not a valid person's name." } });
  // Files are checked before anything is stored, so a refused call leaves no sub-enterprise or operator behind.
  const decodedFiles = checkAuthFiles(req);
  const appId = acting.application.id;
  const { proxy, operator } = await inTransaction(deps, async (tx) => ({
    proxy: await ensureProxyOrganization(tx, appId, acting.organizationOpenId, { name, creditCode: req.creditCode?.toUpperCase(), legalName: req.legalName, address: req.address }),
    operator: await ensureProxyOperator(tx, appId, acting.organizationOpenId, acting.operatorOpenId, { name: req.operatorName, mobile: req.operatorMobile, idCardNumber: req.operatorIdCardNumber }),
  }));

  if (proxy.organizationId) {
    const employee = await employeeOf(deps, operator);
    const link = await issueLink(deps, {
      kind: CONSOLE_LINK_KIND,
      organizationId: acting.owner.id,
      target: { applicationId: appId, organizationOpenId: proxy.openId, operatorOpenId: operator.openId, endpoint: req.endpoint, console: req.console },
      ttlMs: ttlOf(req.endpoint),
    });
    return { ConsoleUrl: consoleUrl(deps.publicUrl, req.endpoint, link), IsActivated: true, ProxyOperatorIsVerified: employee?.verified === true };
  }

  const platform: PlatformFlowOptions = { applicationId: appId, organizationOpenId: proxy.openId, operatorOpenId: operator.openId, ...(req.autoActive ? { autoActive: true } : {}) };
  const running = await runningFlow(deps, acting, proxy.flowId);
  if (running && platformOf(running)?.operatorOpenId === operator.openId) {
    const link = await inTransaction(deps, async (tx) => {
      const issued = await issueLink(tx, { kind: "organization-auth", organizationId: acting.owner.id, target: { flowId: running.id, endpoint: ACTIVATION_FORM[req.endpoint] }, ttlMs: ttlOf(req.endpoint) });
      await tx.store.updateAuthFlow(running.id, { linkToken: issued.token }, tx.clock.now());
      return issued;
    });
    return { ConsoleUrl: organizationAuthUrl(deps.publicUrl, ACTIVATION_FORM[req.endpoint], link), IsActivated: false, ProxyOperatorIsVerified: false };
  }
  if (running) await deps.store.updateAuthFlow(running.id, { state: "cleared" }, deps.clock.now());
  const mobile = req.operatorMobile?.trim() || (operator.mobileSealed ? deps.box.open(operator.mobileSealed) : undefined);
  const created = await createOrganizationAuthLink(deps, applicationAsOwner(acting), {
    endpoint: ACTIVATION_FORM[req.endpoint],
    organizationName: proxy.name,
    creditCode: proxy.creditCode || undefined,
    legalName: proxy.legalName || undefined,
    address: proxy.address || undefined,
    adminName: operator.name || undefined,
    adminMobile: mobile,
    authorizationTypes: req.authorizationTypes,
    businessLicense: req.businessLicense,
    powerOfAttorneys: req.powerOfAttorneys,
    decodedFiles,
    options: { ...req.options, platform },
    linkTtlMs: ttlOf(req.endpoint),
  });
  await deps.store.updateProxyOrganization(proxy.id, { flowId: created.flowId }, deps.clock.now());
  return { ConsoleUrl: created.authUrl, IsActivated: false, ProxyOperatorIsVerified: false };
}

/** The sub-enterprise's activation flow while it can still go on (not cleared, failed or verified). */
async function runningFlow(deps: DomainDeps, acting: PlatformActing, flowId: string | null): Promise<AuthFlowRecord | undefined> {
  if (!flowId) return undefined;
  const [flow] = await deps.store.findAuthFlows(acting.owner.id, { ids: [flowId] });
  return flow && flow.state === "active" && flow.status !== "Failed" ? flow : undefined;
}

export function consoleUrl(publicUrl: string, endpoint: ConsoleEndpoint, link: { token: string; shortCode: string }): string {
  switch (endpoint) {
    case "PC_SHORT_URL":
    case "SHORT_URL":
    case "SHORT_H5":
      return shortUrl(publicUrl, link.shortCode);
    case "APP":
    case "WEIXIN_QRCODE_URL":
      return pathWith("/pages/guide/index", { to: "CHANNEL_CONSOLE", urlAuthToken: link.token });
    default:
      return pathWith(CONSOLE_PAGE, { token: link.token }, { base: publicUrl });
  }
}

/** How a console link opens: as the request asked (links issued before these options open 企业中心 with menu and navigation). */
export const consoleViewOf = (target: Record<string, unknown>): ConsoleView => ({ menu: true, topNavigation: true, ...(target.console as Partial<ConsoleView> | undefined) });

/** What the console page shows for a link: the sub-enterprise as essd knows it and the operator. */
export async function consoleOf(deps: DomainDeps, target: Record<string, unknown>) {
  const applicationId = String(target.applicationId);
  const proxy = await deps.store.getProxyOrganization(applicationId, String(target.organizationOpenId));
  const operator = await deps.store.getProxyOperator(applicationId, String(target.organizationOpenId), String(target.operatorOpenId));
  const organization = proxy?.organizationId ? await deps.store.getOrganization(proxy.organizationId) : undefined;
  if (!proxy || !operator || !organization || operator.status !== "active") return undefined;
  return { proxy, operator, organization, employee: await employeeOf(deps, operator) };
}

/**
 * The operator proved `mobile` on the console page and joins the activated sub-enterprise as a verified employee
 * (员工认证并加入企业). A mobile the platform synced must be the one proven.
 */
export async function joinThroughConsole(deps: DomainDeps, target: Record<string, unknown>, mobile: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const found = await consoleOf(tx, target);
    if (!found) throw errors.linkNotFound();
    if (found.employee?.verified) return;
    if (found.operator.mobileHash && found.operator.mobileHash !== tx.box.lookupHash(mobile)) {
      throw errors.invalidParameterValue({ name: "mobile", why: { zh: "与平台同步的经办人手机号不一致。", en: "it is not the mobile the platform synced for this operator." } });
    }
    const withMobile = found.operator.mobileHash ? found.operator : { ...found.operator, mobileSealed: tx.box.seal(mobile), mobileHash: tx.box.lookupHash(mobile) };
    await joinAsVerifiedEmployee(tx, found.organization.id, withMobile);
    const application = await tx.store.getApplication(found.proxy.applicationId);
    if (application) await emitStaffVerified(tx, application.organizationId, application.id, found.proxy.openId, found.operator.openId);
  });
}
