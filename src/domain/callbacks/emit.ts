import type { DomainDeps } from "../deps.ts";

/** Undelivered messages are retried for this long after they are created (or re-sent). */
export const CALLBACK_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The MsgTypes essd emits (reference §7.2); each has a typed emitter in `events.ts`. */
export type CallbackMsgType =
  | "OrganizationAuthorization"
  | "OrgAuthorizationFileSubmit"
  | "OrganizationAuthorizationFileReview"
  | "OrgAuthorizationFileInvalid"
  | "CreateOrganization"
  | "SubOrganizationJoinOrganizationGroup"
  | "OperateExtendedService"
  | "UserMobileChange"
  | "SuperAdminChange"
  | "ModifyOrganizationBaseInfo"
  // ThirdPartyApp (essbasic): to a platform application's receiver, with the platform's OpenIds.
  | "OrgAuth"
  | "OrgCertify"
  | "OrgOpenTsignBiz"
  | "VerifyStaffInfo";

/** The decrypted message as a receiver sees it (reference §7.1). */
export interface CallbackMessage {
  MsgId: string;
  MsgType: CallbackMsgType;
  /** `CustomApp` for an enterprise's (ess) messages, `ThirdPartyApp` for a platform application's (essbasic). */
  MsgVersion: "CustomApp" | "ThirdPartyApp";
  MsgData: Record<string, unknown>;
}

/**
 * Queues one message for an organization's receiver; a no-op (undefined) when it has none configured. Pass the
 * transaction's deps where there is one, so the message commits with the change it reports. `msgData` must
 * hold no mobile or ID number: it is stored in clear for the delivery log.
 */
export async function emitCallback(
  deps: DomainDeps,
  organizationId: string,
  msgType: CallbackMsgType,
  msgData: Record<string, unknown>,
  msgVersion: CallbackMessage["MsgVersion"] = "CustomApp",
): Promise<string | undefined> {
  if (!(await deps.store.getCallbackConfig(organizationId))) return undefined;
  const now = deps.clock.now();
  const message: CallbackMessage = { MsgId: deps.ids.next("msgId"), MsgType: msgType, MsgVersion: msgVersion, MsgData: msgData };
  await deps.store.insertCallbackDelivery({
    id: message.MsgId,
    organizationId,
    msgType,
    payload: JSON.stringify(message),
    state: "pending",
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    giveUpAt: now + CALLBACK_RETRY_WINDOW_MS,
    lastStatus: null,
    lastError: null,
    createdAt: now,
    deliveredAt: null,
  });
  // Inside inTransaction this wake-up waits for the commit.
  deps.notifyWork("callbacks");
  return message.MsgId;
}
