export { callbackBody, encryptCallback, isCallbackKey, signCallback } from "./crypto.ts";
export { callbackReceiver, configureCallback, type CallbackConfigView, type CallbackReceiver } from "./configure.ts";
export { CALLBACK_RETRY_WINDOW_MS, emitCallback, type CallbackMessage, type CallbackMsgType } from "./emit.ts";
export {
  emitCreateOrganization,
  emitOrgAuthorizationFileInvalid,
  emitOrgAuthorizationFileSubmit,
  emitOrganizationAuthorization,
  emitOrganizationAuthorizationFileReview,
} from "./events.ts";
export { listCallbackDeliveries, resendCallback, type DeliveryWithAttempts } from "./deliveries.ts";
