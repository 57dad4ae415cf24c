/**
 * Codes about what a request asks for, once it is well formed: something that does not exist (or is not the
 * caller's), a step the state does not allow, a limit reached, an operation this installation does not offer.
 */
import { flowRefusal, type CodeDeclarations, type LocalizedText } from "./declaration.ts";

export const operationCodes = {
  ResourceNotFound: {
    status: 404,
    when: "Something the caller named does not exist, or is another tenant's (answered exactly like a missing one); an unknown control URL, or any control URL in production.",
    messages: {
      organizationNotFound: (p: { organizationId: string }) => ({ zh: `机构 ${p.organizationId} 不存在。`, en: `Organization ${p.organizationId} does not exist.` }),
      parentOrganizationNotFound: (p: { organizationId: string }) => ({
        zh: `集团主企业 ${p.organizationId} 不存在。`,
        en: `Parent organization ${p.organizationId} does not exist.`,
      }),
      platformNotFound: (p: { platformId: string }) => ({ zh: `平台 ${p.platformId} 不存在。`, en: `Platform ${p.platformId} does not exist.` }),
      apiKeyNotFound: (p: { secretId: string }) => ({ zh: `密钥 ${p.secretId} 不存在或已停用。`, en: `No active key has SecretId ${p.secretId}.` }),
      flowNotFound: (p: { flowId: string }) => ({ zh: `认证流 ${p.flowId} 不存在。`, en: `Authorization flow ${p.flowId} does not exist.` }),
      powerOfAttorneyMissing: (p: { flowId: string }) => ({ zh: `认证流 ${p.flowId} 没有授权书文件。`, en: `Flow ${p.flowId} has no power of attorney file.` }),
      callbackMessageNotFound: (p: { msgId: string }) => ({ zh: `回调消息 ${p.msgId} 不存在。`, en: `No callback message has MsgId ${p.msgId}.` }),
      faultNotFound: (p: { id: string }) => ({ zh: `故障 ${p.id} 不存在（或已被消耗）。`, en: `Fault ${p.id} does not exist (or was already used).` }),
      employeeNotFound: (p: { name: string; userId: string }) => ({
        zh: `员工不存在或已离职（${p.name} ${p.userId}）。`,
        en: `${p.name} ${p.userId} is not a current employee of the organization.`,
      }),
      linkNotFound: () => ({ zh: "链接不存在，或不属于本企业。", en: "No such link of this organization." }),
      organizationChangeNotFound: (p: { changeId: string }) => ({ zh: `企业信息变更 ${p.changeId} 不存在。`, en: `Organization information change ${p.changeId} does not exist.` }),
      controlEndpointNotFound: () => ({ zh: "没有这个控制接口。", en: "No such control endpoint." }),
      controlApiSandboxOnly: () => ({ zh: "控制接口仅在沙箱模式可用。", en: "The control API exists only in sandbox mode." }),
    },
  },
  "ResourceNotFound.LinkExpired": {
    status: 410,
    when: "A link of the caller's that has expired (control API links/open; the pages answer their own 410 page).",
    messages: {
      linkExpired: (p: { expiredAt: string }) => ({ zh: `链接已于 ${p.expiredAt} 过期。`, en: `The link expired at ${p.expiredAt}.` }),
    },
  },
  "ResourceNotFound.LinkReplaced": {
    status: 410,
    when: "A legal representative's link that a newer text message replaced.",
    messages: {
      linkReplaced: () => ({ zh: "该链接已被更新的授权短信取代。", en: "A newer text message to the legal representative replaced this link." }),
    },
  },
  "OperationDenied.IllegalTransition": {
    status: 409,
    when: "A step an authorization flow's state does not allow (cleared, verified, failed, processing, link expired, wrong method, already done).",
    messages: { illegalTransition: flowRefusal },
  },
  "OperationDenied.LinkLocked": {
    status: 429,
    when: "An admin link locked for 10 minutes after the third wrong SMS code.",
    messages: {
      linkLocked: (p: { minutes: number }) => ({
        zh: `验证码错误次数过多，链接已锁定，请 ${p.minutes} 分钟后再试。`,
        en: `Too many wrong codes: the link is locked; try again in ${p.minutes} min.`,
      }),
    },
  },
  "OperationDenied.NoIdentityVerify": {
    status: 403,
    when: "The Operator has not completed identity verification (实名).",
    messages: {
      operatorNotVerified: (p: { userId: string }) => ({
        zh: `未通过个人实名认证：Operator.UserId ${p.userId} 尚未实名，请先通过邀请链接完成实名。`,
        en: `Operator.UserId ${p.userId} has not completed identity verification; complete it through the invitation link first.`,
      }),
      proxyOperatorNotVerified: (p: { openId: string }) => ({
        zh: `未通过个人实名：经办人 Agent.ProxyOperator.OpenId ${p.openId} 尚未认证加入子客企业，请先通过子客登录链接完成实名。`,
        en: `Agent.ProxyOperator.OpenId ${p.openId} has not verified and joined the sub-enterprise; complete it through a console login link first.`,
      }),
    },
  },
  "OperationDenied.SubOrgNotJoin": {
    status: 403,
    when: "Agent.ProxyOrganizationId is not a sub-enterprise of the caller's group.",
    messages: {
      subOrganizationNotJoined: (p: { proxyOrganizationId: string }) => ({
        zh: `子企业暂未加入：Agent.ProxyOrganizationId ${p.proxyOrganizationId} 不是本集团的子企业。`,
        en: `Agent.ProxyOrganizationId ${p.proxyOrganizationId} is not a sub-enterprise of the calling organization's group.`,
      }),
    },
  },
  "OperationDenied.UserNotInOrganization": {
    status: 403,
    when: "Operator.UserId is not an employee of the organization (or has left).",
    messages: {
      operatorNotInOrganization: (p: { userId: string }) => ({
        zh: `用户不归属于当前企业，无法操作，请检查后重试（Operator.UserId ${p.userId}）。`,
        en: `Operator.UserId ${p.userId} is not an employee of the organization, so it cannot act for it.`,
      }),
    },
  },
  FailedOperation: {
    status: 409,
    when: "CreateBatchOrganizationAuthorizationUrl finds no sub-task that can go into the link (each refusal named); SyncProxyOrganizationOperators fails for every operator (each reason named); a group's member asked for its group's invitation link or member list; an enterprise that cannot join a group (in a group already, or a group itself); an initialisation link's operator who does not administer all of its enterprises; an organization information change already decided, a super-admin hand-over another one overtook, or asked for an enterprise whose credit code essd does not know.",
    messages: {
      groupMainOnly: (p: { organizationId: string }) => ({
        zh: `${p.organizationId} 是集团的成员企业，此操作仅集团主企业可用。`,
        en: `${p.organizationId} is a member of a group; only the group's main enterprise can do this.`,
      }),
      notAdminOfAll: (p: { names: string[] }) => ({
        zh: `操作人需要是链接中所有企业的超级管理员或法定代表人，您不是以下企业的：${p.names.join("、")}。`,
        en: `The operator must be the super-admin or legal representative of every enterprise of the link; you are not of: ${p.names.join(", ")}.`,
      }),
      alreadyInThisGroup: (p: { name: string }) => ({ zh: `「${p.name}」已加入该集团。`, en: `${p.name} has already joined this group.` }),
      alreadyInAnotherGroup: (p: { name: string }) => ({ zh: `「${p.name}」已加入其他集团，不能再加入该集团。`, en: `${p.name} already belongs to another group.` }),
      isGroupItself: (p: { name: string }) => ({
        zh: `「${p.name}」本身是集团主企业，不能加入其他集团。`,
        en: `${p.name} is itself a group's main enterprise and cannot join another group.`,
      }),
      superAdminChangedMeanwhile: (p: { name: string }) => ({
        zh: `「${p.name}」的超级管理员刚刚已被变更（另一项变更先完成），本次变更未执行。请刷新页面后重试。`,
        en: `The super-admin of ${p.name} was just changed by another hand-over that finished first; this one was not made. Reload the page and try again.`,
      }),
      organizationChangeDecided: (p: { changeId: string }) => ({
        zh: `企业信息变更 ${p.changeId} 已审核完毕，不能再次审核。`,
        en: `Organization information change ${p.changeId} has already been decided.`,
      }),
      noCreditCodeToVerify: (p: { organizationId: string }) => ({
        zh: `企业 ${p.organizationId} 在 essd 中没有统一社会信用代码（以租户方式创建），无法核验其基础信息变更。`,
        en: `essd knows no unified social credit code for ${p.organizationId} (created as a tenant), so a base-information change cannot be verified.`,
      }),
      allOperatorsFailed: (p: { failures: Array<{ id: string; reason: LocalizedText }> }) => ({
        zh: `同步员工全部失败：${p.failures.map((f) => `${f.id}：${f.reason.zh}`).join("；")}`,
        en: `Every operator failed to sync: ${p.failures.map((f) => `${f.id}: ${f.reason.en}`).join("; ")}`,
      }),
      noSubTaskForBatchLink: (p: { refusals: string[] }) => ({
        zh: `没有可以生成批量认证链接的子任务：${p.refusals.join("；") || "该超管名下没有子任务"}`,
        en: `No sub-task can go into a batch authorization link: ${p.refusals.join("; ") || "this super-admin has no sub-tasks"}`,
      }),
    },
  },
  LimitExceeded: {
    status: 429,
    when: "A quota of essd's: enterprises per day, faults held, SMS resend interval, wrong bank amounts.",
    messages: {
      dailyRegistrationLimit: (p: { limit: number }) => ({
        zh: `超过每日创建上限：本企业今日（北京时间）最多创建 ${p.limit} 家企业的认证任务。`,
        en: `Daily limit exceeded: an organization may submit at most ${p.limit} enterprises per day (Beijing time).`,
      }),
      tooManyFaults: (p: { max: number; held: number }) => ({
        zh: `故障数量超过上限：每个企业最多同时保留 ${p.max} 条（当前 ${p.held} 条）。`,
        en: `Too many faults: an organization may hold at most ${p.max} at once (it holds ${p.held}).`,
      }),
      legalRepTextedTooSoon: (p: { seconds: number }) => ({
        zh: `授权短信发送过于频繁，请 ${p.seconds} 秒后再试。`,
        en: `The legal representative was texted moments ago; try again in ${p.seconds} s.`,
      }),
      codeSentTooSoon: (p: { seconds: number }) => ({ zh: `验证码发送过于频繁，请 ${p.seconds} 秒后再试。`, en: `A code was sent moments ago; try again in ${p.seconds} s.` }),
      bankAmountGuessesUsed: (p: { flowId: string; max: number }) => ({
        zh: `认证流 ${p.flowId} 的打款金额已连续填错 ${p.max} 次，不能再次验证；请清除该认证流后重新发起。`,
        en: `Flow ${p.flowId} had ${p.max} wrong transfer amounts and takes no more; clear the flow and start again.`,
      }),
    },
  },
  UnsupportedOperation: {
    status: 409,
    when: "An action Tencent's spec names but essd does not implement; a sandbox-only operation on an installation that cannot do it (faults outside sandbox mode, a clock that cannot move); a feature essd does not emulate (DescribeOrganizationGroupOrganizations' Export).",
    messages: {
      exportUnsupported: (p: { name: string }) => ({
        zh: `essd 不支持导出 Excel：请不传 ${p.name} 或传 false，分页查询列表。`,
        en: `essd makes no Excel export: leave ${p.name} out (or false) and page through the list.`,
      }),
      actionNotImplemented: (p: { action: string; service: string; version: string; coverageUrl: string }) => ({
        zh: `操作不支持：essd 尚未实现 ${p.service} ${p.version} 的接口 \`${p.action}\`。已实现的接口见 ${p.coverageUrl}。`,
        en: `Unsupported operation: essd does not implement \`${p.action}\` of ${p.service} ${p.version} yet. See ${p.coverageUrl} for what it implements.`,
      }),
      faultsSandboxOnly: () => ({ zh: "仅沙箱模式可注入故障。", en: "Faults can be injected in sandbox mode only." }),
      clockNotAdjustable: () => ({
        zh: "此服务器的时钟不可调整（仅沙箱模式的 essd serve 支持）。",
        en: "This server's clock cannot be advanced (only essd serve in sandbox mode can).",
      }),
    },
  },
} satisfies CodeDeclarations;
