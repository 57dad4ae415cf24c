import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { isCallbackKey } from "./crypto.ts";

/** What may be shown of a receiver: never the key or the token, only whether they are set. */
export interface CallbackConfigView {
  OrganizationId: string;
  CallbackUrl: string;
  Encrypted: boolean;
  Signed: boolean;
  UpdatedOn: number;
}

/** A receiver with its secrets opened, for the one place that needs them: delivery. */
export interface CallbackReceiver {
  url: string;
  key: string | null;
  token: string | null;
}

/** Sets (or replaces) where an organization's callbacks go and how they are encrypted and signed. */
export async function configureCallback(deps: DomainDeps, organizationId: string, input: { url: string; key?: string; token?: string }): Promise<CallbackConfigView> {
  if (!(await deps.store.getOrganization(organizationId))) {
    throw errors.organizationNotFound({ organizationId });
  }
  const url = input.url.trim();
  if (!isHttpUrl(url)) throw errors.callbackUrlInvalid({ url });
  if (input.key !== undefined && !isCallbackKey(input.key)) {
    throw errors.callbackKeyInvalid();
  }
  if (input.token !== undefined && !input.token.length) {
    throw errors.callbackTokenEmpty();
  }
  const record = {
    organizationId,
    url,
    keySealed: input.key === undefined ? null : deps.box.seal(input.key),
    tokenSealed: input.token === undefined ? null : deps.box.seal(input.token),
    updatedAt: deps.clock.now(),
  };
  await deps.store.putCallbackConfig(record);
  return { OrganizationId: organizationId, CallbackUrl: url, Encrypted: record.keySealed !== null, Signed: record.tokenSealed !== null, UpdatedOn: Math.floor(record.updatedAt / 1000) };
}

export async function callbackReceiver(deps: DomainDeps, organizationId: string): Promise<CallbackReceiver | undefined> {
  const config = await deps.store.getCallbackConfig(organizationId);
  return (
    config && {
      url: config.url,
      key: config.keySealed === null ? null : deps.box.open(config.keySealed),
      token: config.tokenSealed === null ? null : deps.box.open(config.tokenSealed),
    }
  );
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}
