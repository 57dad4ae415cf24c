/**
 * The admin's pages under load: the identity page (no session), the enterprise list and one enterprise's page
 * (signed in), each against a bare node:http server measured in the same run; only the ratios mean something on
 * a shared machine. Also prints each page's weight — HTML with its inline CSS is all a phone downloads.
 *
 *   node --import tsx scripts/bench-pages.ts [--seconds 5] [--rounds 3]
 */
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { call, compareThroughput, startBare, startEssdProcess, stopAll } from "./bench/support.ts";
import { controlCall } from "../test/support/control-request.ts";
import { ADMIN, csrfOf, enterprise, linkTokenOf, PageClient } from "../test/support/admin-pages.ts";

const { values: args } = parseArgs({ options: { seconds: { type: "string", default: "5" }, rounds: { type: "string", default: "3" } } });
try {
  const essd = await startEssdProcess();
  const bare = await startBare();
  const Operator = { UserId: essd.tenant.OperatorUserId };
  const enterprises = [
    enterprise("授权书压测科技有限公司", "9144030071526726XG", [1]),
    enterprise("法人压测科技有限公司", "91110108772551611J", [2]),
    enterprise("对公打款压测科技有限公司", "9131000063159284XQ", [5]),
  ];
  const { TaskId } = await call(essd.url, essd.tenant, "CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: enterprises });
  let subTaskIds: string[] = [];
  while (!subTaskIds.length) {
    await new Promise((r) => setTimeout(r, 50));
    const { OrganizationAuthUrls } = await call(essd.url, essd.tenant, "DescribeBatchOrganizationRegistrationUrls", { TaskId });
    subTaskIds = (OrganizationAuthUrls ?? []).map((u: { SubTaskId: string }) => u.SubTaskId);
  }
  const { Details } = await call(essd.url, essd.tenant, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: subTaskIds });
  const { AuthUrl } = await call(essd.url, essd.tenant, "CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: subTaskIds, Endpoint: "HTTP", Operator });

  // Sign in as the admin: the code comes from the sandbox outbox.
  const admin = new PageClient(essd.url);
  const identity = await admin.get(AuthUrl);
  const token = linkTokenOf(identity);
  const csrf = csrfOf(identity);
  await admin.post(`/h5/auth/${token}/code`, { csrf });
  const { json } = await controlCall(essd.url, essd.tenant, "GET", "outbox?purpose=admin-code&limit=1");
  await admin.post(`/h5/auth/${token}/verify`, { csrf, code: json.messages[0].code });
  const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

  const pages: Array<{ label: string; path: string; headers: Record<string, string> }> = [
    { label: "identity page", path: `/h5/auth/${token}`, headers: {} },
    { label: "enterprise list", path: `/h5/auth/${token}`, headers: { cookie } },
    { label: "enterprise page", path: `/h5/auth/${token}/flows/${Details[0].AuthorizationInfoId}`, headers: { cookie } },
  ];
  for (const page of pages) {
    const html = Buffer.from(await (await fetch(`${essd.url}${page.path}`, { headers: page.headers })).arrayBuffer());
    console.log(`${page.label}: ${html.length} bytes (${gzipSync(html).length} gzipped), no script, no other download`);
    await compareThroughput(page.label, bare, `${essd.url}${page.path}`, { method: "GET", headers: page.headers }, Number(args.seconds), Number(args.rounds));
  }
} finally {
  stopAll();
}
