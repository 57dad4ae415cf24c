/**
 * Platforms (第三方平台) and their applications: essbasic's callers. An application is backed by an organization
 * row of its own, which owns the application's authorization flows, links, callback receiver and sandbox state as
 * an enterprise tenant owns its own; its API keys sign essbasic calls only.
 */
import { createApiKey } from "../api-keys.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { createOrganization } from "../tenants.ts";
import { inTransaction } from "../transaction.ts";

export interface CreatedApplication {
  PlatformId: string;
  AppId: string;
  SecretId: string;
  SecretKey: string;
}

export interface CreatedPlatform extends CreatedApplication {
  PlatformName: string;
}

/** A platform with its first application; the application's SecretKey is returned once and stored only sealed. */
export async function createPlatform(deps: DomainDeps, input: { name: string }): Promise<CreatedPlatform> {
  const name = input.name.trim();
  if (!name) throw errors.organizationNameEmpty();
  return inTransaction(deps, async (tx) => {
    const platformId = deps.ids.next("platform");
    await tx.store.insertPlatform({ id: platformId, name, createdAt: deps.clock.now() });
    const app = await addApplication(tx, platformId, name);
    return { PlatformName: name, ...app };
  });
}

/** Another application of a platform, with its own key pair. */
export async function createApplication(deps: DomainDeps, platformId: string): Promise<CreatedApplication> {
  return inTransaction(deps, async (tx) => {
    const platform = await tx.store.getPlatform(platformId);
    if (!platform) throw errors.platformNotFound({ platformId });
    return addApplication(tx, platform.id, platform.name);
  });
}

async function addApplication(tx: DomainDeps, platformId: string, platformName: string): Promise<CreatedApplication> {
  const appId = tx.ids.next("application");
  const owner = await createOrganization(tx, { name: `${platformName}（应用 ${appId}）` });
  await tx.store.insertApplication({ id: appId, platformId, organizationId: owner.organizationId, createdAt: tx.clock.now() });
  const key = await createApiKey(tx, owner.organizationId, appId);
  return { PlatformId: platformId, AppId: appId, ...key };
}

/** The application behind `AppId` (answered as unknown when the id is not a known application's). */
export async function applicationOf(deps: DomainDeps, appId: string) {
  const application = await deps.store.getApplication(appId);
  if (!application) throw errors.applicationNotFound({ appId });
  return application;
}
