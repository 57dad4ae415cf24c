/**
 * What a link of the batch family offers its admin: the flows behind it, who the admin is, and the legal
 * representative's own link (AuthorizationTypes 2). State changes of a flow still go through flows.ts.
 */
import type { AuthFlowRecord, FlowCard, LinkRecord } from "../store/ports.ts";
import { progressOf } from "./authorization/flow-machine.ts";
import { flowLinkExpired, lockFlow, refusalOf, snapshotOfFlow } from "./authorization/flows.ts";
import type { DomainDeps } from "./deps.ts";
import { errors } from "./errors.ts";
import { isMainlandMobile } from "./formats.ts";
import { DAY_MS, issueLink } from "./links.ts";
import { maskName } from "./masking.ts";
import { sendSms } from "./sms/outbox.ts";
import { inTransaction } from "./transaction.ts";
import { pathWith } from "../platform/url.ts";

/** The kinds of link whose holder is an enterprise's super-admin. */
export const ADMIN_LINK_KINDS: readonly string[] = ["batch-authorization", "enterprise-registration", "organization-auth"];
export const LEGAL_REP_LINK_KIND = "legal-rep";
/** The legal representative acts on their own phone, soon: one day, like an employee invitation. */
export const LEGAL_REP_LINK_TTL_MS = DAY_MS;
/** One SMS to the legal representative per flow and minute, however often the admin presses the button. */
export const LEGAL_REP_RESEND_MS = 60_000;

/** A link's flows as read for one of its pages: whole records, or only the cards the list of enterprises shows. */
export interface LinkFlows<F extends FlowCard = AuthFlowRecord> {
  link: LinkRecord;
  /** The link's flows in the link's order (flows gone from the store are left out). */
  flows: F[];
  /** The ids of those flows whose own link had expired when they were read (see flowLinkExpired). */
  expiredLinks: ReadonlySet<string>;
  adminName: string;
}

export interface AdminLink extends LinkFlows<AuthFlowRecord> {
  /** The admin's mobile in clear, when the link knows it; a link without one asks the admin for a mobile. */
  readonly adminMobile?: string;
}

export function flowIdsOf(link: LinkRecord): string[] {
  if (link.kind === "batch-authorization") return (link.target.flowIds as string[] | undefined) ?? [];
  return link.target.flowId ? [String(link.target.flowId)] : [];
}

export async function adminLinkOf(deps: DomainDeps, link: LinkRecord): Promise<AdminLink> {
  const { flows, expiredLinks, adminName } = await linkFlowsOf(deps, link, (organizationId, ids) => deps.store.findAuthFlowsWithLinks(organizationId, { ids }));
  const batchMobileHash = link.kind === "batch-authorization" ? String(link.target.adminMobileHash ?? "") : undefined;
  // A batch link names its admin by mobile hash; the sealed mobile is on each of the admin's flows.
  const holder = flows.find((f) => f.adminMobileSealed && (batchMobileHash === undefined || f.adminMobileHash === batchMobileHash));
  return new LinkAdmin(link, flows, expiredLinks, adminName, holder?.adminMobileSealed ?? null, deps.box);
}

/**
 * The link's flows as the list of enterprises shows them (a signed-in admin's every visit): the same flows in the
 * same order as adminLinkOf reads, as cards, without the columns only the other pages read.
 */
export function adminListOf(deps: DomainDeps, link: LinkRecord): Promise<LinkFlows<FlowCard>> {
  return linkFlowsOf(deps, link, (organizationId, ids) => deps.store.findFlowCardsWithLinks(organizationId, { ids }));
}

async function linkFlowsOf<F extends FlowCard>(
  deps: DomainDeps,
  link: LinkRecord,
  read: (organizationId: string, ids: string[]) => Promise<Array<{ flow: F; linkExpiresAt: number | null }>>,
): Promise<LinkFlows<F>> {
  const ids = flowIdsOf(link);
  // The flows' own links come in the same read: the list of enterprises says which ones have expired.
  const found = await read(link.organizationId, ids);
  const byId = new Map(found.map((f) => [f.flow.id, f]));
  const inOrder = ids.map((id) => byId.get(id)).filter((f) => f !== undefined);
  const flows = inOrder.map((f) => f.flow);
  const now = deps.clock.now();
  const expiredLinks = new Set(inOrder.filter((f) => flowLinkExpired(f.flow, f.linkExpiresAt, now)).map((f) => f.flow.id));
  const adminName = link.kind === "batch-authorization" ? String(link.target.adminName ?? "") : (flows[0]?.adminName ?? "");
  return { link, flows, expiredLinks, adminName };
}

/**
 * An AdminLink whose mobile is unsealed on first read: the identity and flow pages show it, the list of
 * enterprises (every visit) does not. A class, not a literal with `get adminMobile()`: an accessor defined in a
 * literal holds a new closure per call, which gives every AdminLink a map of its own (slow to make, and every
 * site that reads one goes megamorphic).
 */
class LinkAdmin implements AdminLink {
  // Private fields: the sealed mobile and the box stay out of anything that lists the object's keys.
  readonly #sealed: string | null;
  readonly #box: DomainDeps["box"];
  #mobile: string | undefined;

  constructor(
    readonly link: LinkRecord,
    readonly flows: AuthFlowRecord[],
    readonly expiredLinks: ReadonlySet<string>,
    readonly adminName: string,
    sealed: string | null,
    box: DomainDeps["box"],
  ) {
    this.#sealed = sealed;
    this.#box = box;
  }

  get adminMobile(): string | undefined {
    if (!this.#sealed) return undefined;
    return (this.#mobile ??= this.#box.open(this.#sealed));
  }
}

export const LEGAL_REP_PAGE = "/h5/legal-rep";
export const legalRepUrl = (publicUrl: string, token: string): string => pathWith(LEGAL_REP_PAGE, { token }, { base: publicUrl });

/** Whether `linkCode` is the flow's latest legal-representative link (a link texted before it no longer works). */
export const isLatestLegalRepLink = (flow: Pick<AuthFlowRecord, "options">, linkCode: string): boolean => progressOf(flow).legalRepTexted?.linkCode === linkCode;

/** When the admin last had the legal representative texted for the flow, if ever (kept in the flow's progress). */
export const legalRepTextedAt = (flow: Pick<AuthFlowRecord, "options">): number | undefined => progressOf(flow).legalRepTexted?.at;

/**
 * Issues the legal representative's link for `flow` and texts it to `mobile`. Refused when the flow would refuse
 * the legal representative's answer anyway (wrong AuthorizationTypes, not confirmed, closed), for a malformed
 * mobile, and within a minute of the last SMS for the flow.
 */
export async function sendLegalRepLink(
  deps: DomainDeps,
  input: { organizationId: string; flowId: string; mobile: string; /** The flow's admin when not given. */ adminName?: string },
): Promise<{ expiresAt: number }> {
  const mobile = input.mobile.trim();
  if (!isMainlandMobile(mobile)) throw errors.legalRepMobileInvalid();
  return inTransaction(deps, async (tx) => {
    const { store } = tx;
    const now = deps.clock.now();
    // Under the flow's lock, so two presses on two nodes cannot both text within the minute.
    const flow = await lockFlow(store, input.organizationId, input.flowId);
    const refused = refusalOf(await snapshotOfFlow(tx, flow), { type: "legal-rep-approve" });
    if (refused) throw refused;
    const progress = progressOf(flow);
    const last = progress.legalRepTexted;
    if (last && now < last.at + LEGAL_REP_RESEND_MS) {
      const wait = Math.ceil((last.at + LEGAL_REP_RESEND_MS - now) / 1000);
      throw errors.legalRepTextedTooSoon({ seconds: wait });
    }
    const link = await issueLink(tx, {
      kind: LEGAL_REP_LINK_KIND,
      organizationId: input.organizationId,
      target: { flowId: flow.id, mobileHash: deps.box.lookupHash(mobile) },
      ttlMs: LEGAL_REP_LINK_TTL_MS,
    });
    const adminName = input.adminName ?? flow.adminName;
    const admin = adminName ? maskName(adminName) : "企业超级管理员";
    // The URL comes first, so no enterprise name can put another URL ahead of it in the text.
    const body = `【腾讯电子签】请打开 ${legalRepUrl(deps.publicUrl, link.token)} 处理：${admin}申请以法定代表人授权方式完成「${flow.organizationName}」的企业认证，24小时内有效。`;
    await sendSms(tx, { organizationId: input.organizationId, mobile, purpose: "legal-rep-link", body });
    const legalRepTexted = { at: now, linkCode: link.token, linkExpiresAt: link.expiresAt, sends: (last?.sends ?? 0) + 1 };
    await store.updateAuthFlow(flow.id, { options: { ...flow.options, authorization: { ...progress, legalRepTexted } } }, now);
    return { expiresAt: link.expiresAt };
  });
}
