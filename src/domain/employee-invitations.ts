import type { DomainDeps } from "./deps.ts";
import { DAY_MS, issueLink } from "./links.ts";
import { sendSms } from "./sms/outbox.ts";
import { shortUrl } from "./registration/urls.ts";
import { pathWith } from "../platform/url.ts";

export type InvitationEndpoint = "HTTP" | "HTTP_SHORT_URL" | "H5" | "APP";

/** Link lifetimes by form, as CreateIntegrationEmployees documents them (reference §6.10). */
const TTL: Record<InvitationEndpoint, number> = { HTTP: DAY_MS, HTTP_SHORT_URL: DAY_MS, APP: DAY_MS, H5: 30 * DAY_MS };

/** Issues the link through which an invited employee verifies and joins, in the requested form. */
export async function issueEmployeeInvitation(
  deps: DomainDeps,
  input: { organizationId: string; employeeId: string; endpoint: InvitationEndpoint; jumpUrl?: string },
): Promise<string> {
  const link = await issueLink(deps, {
    kind: "employee-invitation",
    organizationId: input.organizationId,
    target: { employeeId: input.employeeId, endpoint: input.endpoint, ...(input.jumpUrl ? { jumpUrl: input.jumpUrl } : {}) },
    ttlMs: TTL[input.endpoint],
  });
  switch (input.endpoint) {
    case "HTTP":
      return invitationLongUrl(deps.publicUrl, link.token, link.expiresAt);
    case "HTTP_SHORT_URL":
      return shortUrl(deps.publicUrl, link.shortCode);
    case "H5":
      return pathWith("/guide", { Code: link.token, CodeType: "QUICK", shortKey: link.shortKey }, { base: deps.publicUrl });
    case "APP":
      return pathWith("/pages/guide/index", verification(link.token, link.expiresAt));
  }
}

const verification = (token: string, expiresAt: number) => ({ to: "USER_VERIFY", verifyToken: token, expireTime: Math.floor(expiresAt / 1000) });

/** Where a short code's long link points: the HTTP form of the same invitation. */
export function invitationLongUrl(publicUrl: string, token: string, expiresAt: number): string {
  return pathWith("/jump-mp.html", { where: "mini", from: "MSG", ...verification(token, expiresAt) }, { base: publicUrl });
}

/**
 * The SMS of InvitationNotifyType SMS (the default): the short link, in the words of ESS's invitation SMS.
 * It goes to the sandbox outbox, or to the SMS webhook in production.
 */
export async function sendInvitationSms(deps: DomainDeps, input: { organizationId: string; organizationName: string; mobile: string; url: string }): Promise<void> {
  await sendSms(deps, {
    organizationId: input.organizationId,
    mobile: input.mobile,
    purpose: "invitation",
    body: `【腾讯电子签】${input.organizationName}邀请您加入企业，请在24小时内点击链接完成实名认证并加入： ${input.url}`,
  });
}
