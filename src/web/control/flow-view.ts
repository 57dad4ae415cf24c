import type { FlowSnapshot } from "../../domain/authorization/flows.ts";
import { allowedAuthorizationTypes } from "../../domain/authorization/flow-machine.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { maskMobile, maskName } from "../../domain/masking.ts";
import { hasAuthRecord } from "../../domain/registration/auth-status.ts";

/** A flow as the control API shows it: where it stands, what it accepts next, its auth record as ESS masks it. */
export function flowView(deps: DomainDeps, snapshot: FlowSnapshot) {
  const { flow } = snapshot;
  const types = allowedAuthorizationTypes(flow);
  return {
    authorizationInfoId: flow.id,
    subTaskId: flow.subTaskId,
    taskId: flow.taskId,
    organizationName: flow.organizationName,
    status: flow.status,
    state: flow.state,
    authorizationTypes: types,
    authType: flow.authType,
    auditStatus: flow.auditStatus,
    reason: flow.reason,
    errorMessage: flow.errorMessage,
    organizationId: flow.verifiedOrganizationId,
    link: { expired: snapshot.linkExpired, expireTime: snapshot.linkExpiresAt === null ? null : Math.floor(snapshot.linkExpiresAt / 1000) },
    nextSteps: snapshot.accepted,
    powerOfAttorneyUploaded: snapshot.powerOfAttorneyUploaded,
    // The sandbox tells what it "transferred", so a test can confirm it (AuthorizationTypes 5 only).
    ...(types.includes(5) ? { bankTransferAmount: snapshot.bankTransferAmount } : {}),
    authRecords:
      !hasAuthRecord(flow)
        ? []
        : [
            {
              operatorName: flow.adminName ? maskName(flow.adminName) : "",
              operatorMobile: flow.adminMobileSealed ? maskMobile(deps.box.open(flow.adminMobileSealed)) : "",
              authType: flow.authType,
              auditStatus: flow.auditStatus,
              reason: flow.reason,
            },
          ],
  };
}
