/**
 * Drives the admin's H5 pages over HTTP like a browser without script: a cookie jar, forms posted as
 * urlencoded or multipart, redirects followed by hand so each answer can be checked.
 */
import assert from "node:assert/strict";
import { readOutbox, type OutboxMessage } from "../../src/domain/sms/outbox-read.ts";
import type { CreatedTenant } from "../../src/domain/tenants.ts";
import type { SmsPurpose } from "../../src/store/ports.ts";
import type { Harness } from "./harness.ts";
import { sdkClient } from "./sdk-client.ts";
import { callAs } from "./signed-request.ts";
import { processedTask } from "./tasks.ts";
export { sdkClient };

export interface Page {
  status: number;
  location: string | null;
  text: string;
  headers: Headers;
}

export class PageClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private absolute(path: string): string {
    return path.startsWith("http") ? path : `${this.base}${path}`;
  }

  private async send(path: string, init: RequestInit = {}): Promise<Page> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const response = await fetch(this.absolute(path), { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, location: response.headers.get("location"), text: await response.text(), headers: response.headers };
  }

  get(path: string): Promise<Page> {
    return this.send(path);
  }

  /** Follows 30x answers (as a browser would) and returns the last page. */
  async follow(page: Page): Promise<Page> {
    let current = page;
    for (let i = 0; i < 5 && current.location; i++) current = await this.get(current.location);
    return current;
  }

  post(path: string, fields: Record<string, string>): Promise<Page> {
    return this.send(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
  }

  upload(path: string, fields: Record<string, string>, file: { bytes: Buffer; name: string; type: string }): Promise<Page> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    return this.send(path, { method: "POST", body: form });
  }
}

/** A Set-Cookie line as name, value and attributes (names lower-cased), whatever order the attributes come in. */
export function parseSetCookie(line: string): { name: string; value: string; attributes: Record<string, string | true> } {
  const [pair, ...parts] = line.split(";");
  const at = pair!.indexOf("=");
  const attributes: Record<string, string | true> = {};
  for (const part of parts) {
    const [key, ...rest] = part.trim().split("=");
    attributes[key!.toLowerCase()] = rest.length ? rest.join("=") : true;
  }
  return { name: pair!.slice(0, at).trim(), value: pair!.slice(at + 1).trim(), attributes };
}

/** The value of the page's first hidden CSRF field. */
export function csrfOf(page: Page): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page.text);
  assert.ok(match, `no CSRF field on the page:\n${page.text}`);
  return match[1]!;
}

/** The link token behind a page (its forms post to /h5/auth/<token>/…). */
export function linkTokenOf(page: Page): string {
  const match = /\/h5\/auth\/([0-9A-Za-z]+)\//.exec(page.text);
  assert.ok(match, `no admin form on the page:\n${page.text}`);
  return match[1]!;
}

/** The newest SMS of `purpose` the tenant "sent", as the sandbox outbox shows it (with its code or link). */
export async function lastSms(h: Harness, organizationId: string, purpose: SmsPurpose): Promise<OutboxMessage> {
  const [sms] = (await readOutbox(h.domain, organizationId, { purpose, limit: 1 })).messages;
  assert.ok(sms, `no ${purpose} SMS`);
  return sms;
}

/** Opens `url` and passes the identity step: send the code, read it from the outbox, enter it. Returns the list page. */
export async function signIn(client: PageClient, h: Harness, organizationId: string, url: string): Promise<{ token: string; list: Page }> {
  const identity = await client.get(url);
  assert.equal(identity.status, 200, identity.text);
  const token = linkTokenOf(identity);
  const csrf = csrfOf(identity);
  const sent = await client.post(`/h5/auth/${token}/code`, { csrf });
  assert.equal(sent.status, 303, sent.text);
  const code = (await lastSms(h, organizationId, "admin-code")).code!;
  const verified = await client.post(`/h5/auth/${token}/verify`, { csrf, code });
  assert.equal(verified.status, 303, verified.text);
  const list = await client.follow(verified);
  assert.equal(list.status, 200, list.text);
  return { token, list };
}

export const ADMIN = { AdminName: "李四", AdminMobile: "13800000001", AdminIdCardNumber: "11010519491231002X" };
/** One enterprise of a batch task; no `types` leaves AuthorizationTypes out (1 or 2, the admin's choice). */
export const enterprise = (name: string, creditCode: string, types?: number[]) => ({
  OrganizationName: name,
  UniformSocialCreditCode: creditCode,
  ...(types ? { AuthorizationTypes: types } : {}),
  LegalName: "张三",
  Address: "广东省深圳市南山区科技园",
  ...ADMIN,
});

/**
 * Registers `enterprises` in one task, waits for it, and returns the batch authorization link of the admin
 * (HTTP form) with the flows' ids in task order.
 */
export async function batchLink(h: Harness, enterprises: Array<ReturnType<typeof enterprise>>, tenant: CreatedTenant = h.tenant): Promise<{ url: string; flowIds: string[]; subTaskIds: string[] }> {
  const { urls } = await processedTask(h, tenant, enterprises);
  const subTaskIds = urls.map((u) => u.SubTaskId);
  assert.equal(subTaskIds.length, enterprises.length, "every enterprise got a link");
  const { Details } = await callAs(h.url, tenant, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: subTaskIds });
  const link = await callAs(h.url, tenant, "CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: subTaskIds, Endpoint: "HTTP" });
  assert.ok(link.AuthUrl, JSON.stringify(link.Error));
  return { url: link.AuthUrl, flowIds: Details.map((d: { AuthorizationInfoId: string }) => d.AuthorizationInfoId), subTaskIds };
}
