/**
 * Every way a link or form can fail, each as a page of its own with a status code: never a stack trace. Guards
 * throw a `Problem`; `pageHandler` renders it (and any EssError the domain refused with).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { DomainDeps } from "../../domain/deps.ts";
import { EssError, httpStatusOf } from "../../domain/errors.ts";
import { html, type SafeHtml } from "../html.ts";
import { apiLanguage } from "./i18n.ts";
import { beijingTime, sendAdminPage, viewOf, type View } from "./layout.ts";

export type ProblemKind = "unknown" | "expired" | "cleared" | "foreign" | "locked" | "csrf" | "superseded";

export class Problem extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly detail: { lockedUntil?: number; now?: number } = {},
  ) {
    super(kind);
  }
}

/** Thrown to answer 303 See Other: a page that needs a session sends the admin to the identity page. */
export class Redirect extends Error {
  constructor(readonly location: string) {
    super(location);
  }
}

// The problems that are also error codes answer those codes' statuses; the others are the pages' own.
const STATUS: Record<ProblemKind, number> = {
  unknown: httpStatusOf("ResourceNotFound"),
  foreign: httpStatusOf("ResourceNotFound"),
  expired: httpStatusOf("ResourceNotFound.LinkExpired"),
  superseded: httpStatusOf("ResourceNotFound.LinkReplaced"),
  locked: httpStatusOf("OperationDenied.LinkLocked"),
  cleared: 410,
  csrf: 403,
};

export function sendProblem(reply: FastifyReply, view: View, problem: Problem): FastifyReply {
  const { t } = view;
  const [title, text] = ((): [string, string | SafeHtml] => {
    switch (problem.kind) {
      case "unknown":
        return [t("链接无效", "Invalid link"), t("该链接不存在或已失效，请向发起方索取新的链接。", "This link does not exist or is no longer valid. Ask the sender for a new one.")];
      case "expired":
        return [t("链接已过期", "Link expired"), t("该链接已超过有效期，请联系发起方重新生成链接。", "This link has expired. Ask the sender to create a new one.")];
      case "cleared":
        return [t("企业认证已被清除", "Verification cleared"), t("发起方已清除该企业的认证流程，此链接不再可用。如仍需认证，请联系发起方重新发起。", "The sender cleared this enterprise's verification, so this link no longer works. Ask the sender to start again if needed.")];
      case "foreign":
        return [t("该企业不在此链接中", "Not part of this link"), t("您打开的企业不属于当前认证链接，请从链接的企业列表进入。", "The enterprise you opened is not part of this link. Open it from the link's list of enterprises.")];
      case "locked": {
        const until = problem.detail.lockedUntil ?? 0;
        const minutes = Math.max(1, Math.ceil((until - (problem.detail.now ?? until)) / 60_000));
        reply.header("retry-after", String(minutes * 60));
        return [
          t("链接已锁定", "Link locked"),
          t(`验证码错误次数过多，为保护您的账号，此链接已锁定。请在 ${beijingTime(until)}（约 ${minutes} 分钟后）重试。`, `Too many wrong codes: this link is locked to protect your account. Try again after ${beijingTime(until)} (Beijing time, about ${minutes} min).`),
        ];
      }
      case "superseded":
        return [t("链接已被取代", "Link replaced"), t("管理员已重新发送授权短信，此链接不再可用，请使用最新收到的短信中的链接。", "The admin sent a newer text message, so this link no longer works. Use the link in the latest message.")];
      case "csrf":
        return [t("页面已失效", "Page expired"), t("表单已失效，请返回上一页刷新后重试。", "This form is no longer valid. Go back, reload the page and try again.")];
    }
  })();
  return sendAdminPage(reply, view, STATUS[problem.kind], title, html`<section class="card" aria-labelledby="problem-title" id="problem-${problem.kind}">
<h1 id="problem-title">${title}</h1><p class="muted">${text}</p></section>`);
}

/** The HTTP status for a domain refusal shown on a page: its code's, as declared in the error catalogue. */
export const statusOfError = (error: EssError): number => error.status;

/** A domain refusal as a page of its own (forms show theirs beside the form instead). */
export function sendErrorPage(reply: FastifyReply, view: View, error: EssError): FastifyReply {
  const title = view.t("无法完成操作", "Cannot do that");
  return sendAdminPage(reply, view, statusOfError(error), title, html`<section class="card" aria-labelledby="problem-title" id="problem-refused">
<h1 id="problem-title">${title}</h1><p role="alert">${error.messageIn(apiLanguage(view.lang))}</p></section>`);
}

type Handler<R> = (req: FastifyRequest<R & {}>, reply: FastifyReply, view: View) => Promise<FastifyReply>;

/** Wraps a page handler: Problems and EssErrors become their pages; anything else is the app's error. */
export function pageHandler<R = object>(deps: DomainDeps, handler: Handler<R>) {
  return async (req: FastifyRequest<R & {}>, reply: FastifyReply): Promise<FastifyReply> => {
    const view = viewOf(deps, req, reply);
    try {
      return await handler(req, reply, view);
    } catch (error) {
      if (error instanceof Redirect) return reply.code(303).header("cache-control", "no-store").redirect(error.location, 303);
      if (error instanceof Problem) return sendProblem(reply, view, error);
      if (error instanceof EssError) return sendErrorPage(reply, view, error);
      throw error;
    }
  };
}
