/**
 * Codes about the request as a whole, before any business rule: its signature or token, method, size, rate,
 * action and version, and essd's own failures (reference §5).
 */
import type { CodeDeclarations, LocalizedText } from "./declaration.ts";

export const requestCodes = {
  "AuthFailure.InvalidAuthorization": {
    status: 401,
    when: "The Authorization header (or v1 signature parameters) is missing or malformed; a control call's X-TC-Action is not its path or not signed.",
    messages: {
      invalidAuthorization: (p: { why: LocalizedText }) => ({
        zh: `请求头部的 Authorization 不符合腾讯云标准：${p.why.zh}`,
        en: `Authorization in the request header is invalid: ${p.why.en}`,
      }),
    },
  },
  "AuthFailure.SecretIdNotFound": {
    status: 401,
    when: "The SecretId is unknown or its key was revoked.",
    messages: {
      secretIdNotFound: (p: { secretId: string }) => ({
        zh: `密钥不存在（SecretId ${p.secretId}）。请检查密钥是否已被删除或者禁用，注意前后不得有空格。`,
        en: `The SecretId ${p.secretId} is not found, please ensure that your SecretId is correct.`,
      }),
    },
  },
  "AuthFailure.SignatureExpire": {
    status: 401,
    when: "The request's timestamp is more than 5 minutes from the server's time.",
    messages: {
      signatureExpire: (p: { param: string; timestamp: string; serverTime: number }) => ({
        zh: `签名过期。${p.param}（${p.timestamp}）和服务器时间（${p.serverTime}）相差不得超过五分钟，请检查本地时间是否和标准时间同步。`,
        en: `The signature is expired: ${p.param} (${p.timestamp}) differs from the server time (${p.serverTime}) by more than 5 minutes, please request again.`,
      }),
    },
  },
  "AuthFailure.SignatureFailure": {
    status: 401,
    when: "The signature does not match the request (in sandbox mode the message shows essd's canonical request).",
    messages: {
      signatureFailure: (p: { why: LocalizedText }) => ({
        zh: `请求签名验证失败，请检查您的签名计算是否正确（${p.why.zh}）。`,
        en: `The provided credentials could not be validated. Please check your signature is correct (${p.why.en}).`,
      }),
    },
  },
  "AuthFailure.TokenFailure": {
    status: 401,
    when: "A control call's `Authorization: Bearer` is not the installation's admin token.",
    messages: {
      adminTokenWrong: () => ({
        zh: "管理员令牌不正确（Authorization: Bearer）。令牌保存在 <data-dir>/admin-token，也可运行 essd admin-token 查看。",
        en: "The admin token is wrong (Authorization: Bearer). It is in <data-dir>/admin-token; `essd admin-token` prints it.",
      }),
    },
  },
  UnsupportedProtocol: {
    status: 405,
    when: "An API request with a method other than GET or POST.",
    messages: {
      unsupportedProtocol: (p: { method: string }) => ({
        zh: `http(s) 请求协议错误，只支持 GET 和 POST 请求（收到 ${p.method}）。`,
        en: `HTTP(S) request protocol error; only GET and POST requests are supported (got ${p.method}).`,
      }),
    },
  },
  InvalidAction: {
    status: 400,
    when: "The Action is not one essd serves.",
    messages: {
      invalidAction: (p: { action: string }) => ({
        zh: `接口不存在：Action \`${p.action}\` 无效或不存在。`,
        en: `The request \`Action\` is invalid or not found: \`${p.action}\`.`,
      }),
    },
  },
  NoSuchVersion: {
    status: 400,
    when: "The Version is not the one the action is served in.",
    messages: {
      noSuchVersion: (p: { version: string; supported: string }) => ({
        zh: `接口版本不存在：Version \`${p.version}\` 不受支持，请使用 ${p.supported}。`,
        en: `The API version \`${p.version}\` does not exist; use ${p.supported}.`,
      }),
    },
  },
  InvalidRequest: {
    status: 400,
    when: "A multipart body is malformed.",
    messages: {
      invalidRequest: (p: { why: LocalizedText }) => ({
        zh: `请求 body 的 multipart 格式错误：${p.why.zh}`,
        en: `The multipart body of the request is malformed: ${p.why.en}`,
      }),
    },
  },
  RequestSizeLimitExceeded: {
    status: 413,
    when: "A GET query over 32 KB, a v1 POST over 1 MB, another API POST over 10 MB, a control body over 12 MB.",
    messages: {
      requestSizeLimitExceeded: (p: { what: LocalizedText; limit: string }) => ({
        zh: `请求包超过限制大小：${p.what.zh}不得超过 ${p.limit}。`,
        en: `The request size exceeds the limit: ${p.what.en} must not exceed ${p.limit}.`,
      }),
    },
  },
  RequestLimitExceeded: {
    status: 429,
    when: "More calls of one action per second than the rate limit allows the calling organization.",
    messages: {
      requestLimitExceeded: (p: { action: string; perSecond: number }) => ({
        zh: `请求的次数超过了频率限制：接口 ${p.action} 每秒最多 ${p.perSecond} 次。`,
        en: `The number of requests exceeds the frequency limit: ${p.action} allows ${p.perSecond} requests per second.`,
      }),
    },
  },
  InternalError: {
    status: 500,
    when: "An unexpected failure inside essd (logged with the RequestId the message names).",
    messages: {
      internalError: (p: { requestId: string }) => ({
        zh: `内部错误，请稍后重试（RequestId ${p.requestId}）。`,
        en: `Internal error, please try again later (RequestId ${p.requestId}).`,
      }),
    },
  },
  "InternalError.Db": {
    status: 503,
    when: "The database is unreachable, stalled or overloaded (within --db-timeout-ms).",
    messages: {
      databaseUnavailable: (p: { requestId: string }) => ({
        zh: `数据库异常，请稍后重试（RequestId ${p.requestId}）。`,
        en: `The database is unavailable, please try again later (RequestId ${p.requestId}).`,
      }),
    },
  },
  ServiceUnavailable: {
    status: 503,
    when: "A call that reaches a node while it is stopping (SIGTERM/SIGINT); nothing was done, another node (or this one once restarted) can take it.",
    messages: {
      serviceStopping: () => ({
        zh: "当前服务暂时不可用：本节点正在停止，请求未被处理，请重试。",
        en: "The service is temporarily unavailable: this node is stopping and did not process the request; please retry.",
      }),
    },
  },
} satisfies CodeDeclarations;
