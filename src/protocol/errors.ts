import { EssError, essError, type LocalizedText } from "../domain/errors.ts";

export { EssError, type Language, type LocalizedText } from "../domain/errors.ts";

const make = essError;


/**
 * The closed catalogue of protocol-level errors (reference §5). Each factory names the parameter or header
 * at fault, because a message that names it is what a developer needs first.
 */
export const protocolErrors = {
  invalidAuthorization: (why: LocalizedText) =>
    make("AuthFailure.InvalidAuthorization", `请求头部的 Authorization 不符合腾讯云标准：${why.zh}`, `Authorization in the request header is invalid: ${why.en}`),
  secretIdNotFound: (secretId: string) =>
    make(
      "AuthFailure.SecretIdNotFound",
      `密钥不存在（SecretId ${secretId}）。请检查密钥是否已被删除或者禁用，注意前后不得有空格。`,
      `The SecretId ${secretId} is not found, please ensure that your SecretId is correct.`,
    ),
  signatureExpire: (param: string, timestamp: string, serverTime: number) =>
    make(
      "AuthFailure.SignatureExpire",
      `签名过期。${param}（${timestamp}）和服务器时间（${serverTime}）相差不得超过五分钟，请检查本地时间是否和标准时间同步。`,
      `The signature is expired: ${param} (${timestamp}) differs from the server time (${serverTime}) by more than 5 minutes, please request again.`,
    ),
  signatureFailure: (why: LocalizedText, debug?: string) =>
    make(
      "AuthFailure.SignatureFailure",
      `请求签名验证失败，请检查您的签名计算是否正确（${why.zh}）。`,
      `The provided credentials could not be validated. Please check your signature is correct (${why.en}).`,
      debug,
    ),
  unsupportedProtocol: (method: string) =>
    make(
      "UnsupportedProtocol",
      `http(s) 请求协议错误，只支持 GET 和 POST 请求（收到 ${method}）。`,
      `HTTP(S) request protocol error; only GET and POST requests are supported (got ${method}).`,
    ),
  invalidAction: (action: string) =>
    make("InvalidAction", `接口不存在：Action \`${action}\` 无效或不存在。`, `The request \`Action\` is invalid or not found: \`${action}\`.`),
  noSuchVersion: (version: string, supported: string) =>
    make(
      "NoSuchVersion",
      `接口版本不存在：Version \`${version}\` 不受支持，请使用 ${supported}。`,
      `The API version \`${version}\` does not exist; use ${supported}.`,
    ),
  missingParameter: (name: string) =>
    make("MissingParameter", `缺少参数：\`${name}\`。`, `The request is missing a required parameter \`${name}\`.`),
  invalidParameter: (name: string, why: LocalizedText) =>
    make("InvalidParameter", `参数 \`${name}\` 错误：${why.zh}`, `Parameter \`${name}\` is invalid: ${why.en}`),
  invalidParameterValue: (name: string, why: LocalizedText) =>
    make("InvalidParameterValue", `参数 \`${name}\` 取值错误：${why.zh}`, `Parameter \`${name}\` has an invalid value: ${why.en}`),
  unknownParameter: (name: string) =>
    make(
      "UnknownParameter",
      `未知参数错误：\`${name}\` 不是该接口定义的参数。`,
      `Unknown parameter \`${name}\`: it is not defined for this action.`,
    ),
  requestSizeLimitExceeded: (what: LocalizedText, limit: string) =>
    make(
      "RequestSizeLimitExceeded",
      `请求包超过限制大小：${what.zh}不得超过 ${limit}。`,
      `The request size exceeds the limit: ${what.en} must not exceed ${limit}.`,
    ),
  requestLimitExceeded: (action: string, perSecond: number) =>
    make(
      "RequestLimitExceeded",
      `请求的次数超过了频率限制：接口 ${action} 每秒最多 ${perSecond} 次。`,
      `The number of requests exceeds the frequency limit: ${action} allows ${perSecond} requests per second.`,
    ),
  invalidRequest: (why: LocalizedText) =>
    make("InvalidRequest", `请求 body 的 multipart 格式错误：${why.zh}`, `The multipart body of the request is malformed: ${why.en}`),
  databaseUnavailable: (requestId: string) =>
    make("InternalError.Db", `数据库异常，请稍后重试（RequestId ${requestId}）。`, `The database is unavailable, please try again later (RequestId ${requestId}).`),
  internalError: (requestId: string) =>
    make("InternalError", `内部错误，请稍后重试（RequestId ${requestId}）。`, `Internal error, please try again later (RequestId ${requestId}).`),
} as const;
