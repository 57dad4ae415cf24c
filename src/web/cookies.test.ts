import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { loadConfig } from "../config/config.ts";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { parseSetCookie } from "../../test/support/admin-pages.ts";

const signIn = (h: Harness, headers: Record<string, string> = {}) =>
  fetch(`${h.url}/review/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ token: h.adminToken }).toString(),
    redirect: "manual",
  });

const isSecure = (response: Response) => parseSetCookie(response.headers.get("set-cookie") ?? "").attributes.secure === true;

describe("--trust-proxy and the cookies' Secure flag", () => {
  const started: Harness[] = [];
  after(async () => {
    await Promise.all(started.map((h) => h.close()));
  });
  const start = async (options: Parameters<typeof startEssd>[0]) => {
    const h = await startEssd(options);
    started.push(h);
    return h;
  };

  it("by default believes X-Forwarded-Proto only from a proxy on the same machine", async () => {
    const h = await start({});
    assert.equal(h.config.trustProxy, "loopback");
    assert.equal(isSecure(await signIn(h)), false);
    assert.equal(isSecure(await signIn(h, { "x-forwarded-proto": "https" })), true, "the test client is on loopback");
  });

  it("ignores X-Forwarded-Proto from addresses it was not told to trust", async () => {
    const h = await start({ trustProxy: "10.0.0.0/8" });
    assert.equal(isSecure(await signIn(h, { "x-forwarded-proto": "https" })), false);
    const none = await start({ trustProxy: "false" });
    assert.equal(isSecure(await signIn(none, { "x-forwarded-proto": "https" })), false);
  });

  it("with a hop count, believes that many proxies in front of it", async () => {
    const h = await start({ trustProxy: "1" });
    assert.equal(isSecure(await signIn(h, { "x-forwarded-proto": "https" })), true);
  });

  it("marks cookies Secure whenever the public URL is https, header or not", async () => {
    const h = await start({ trustProxy: "false" });
    Object.assign(h.domain, { publicUrl: "https://essd.example.com" });
    assert.equal(isSecure(await signIn(h)), true);
  });

  it("accepts only settings fastify can use, naming the flag otherwise", () => {
    for (const good of ["loopback", "true", "false", "2", "127.0.0.1", "10.0.0.0/8, loopback", "::1", "fd00::/8,uniquelocal,linklocal"]) {
      assert.equal(loadConfig({ trustProxy: good }, {}).trustProxy, good);
    }
    for (const bad of ["yes", "10.0.0.0/33", "localhost", "1.2.3", "loopback/8", "10.0.0.1/8/8", ""]) {
      if (bad === "") continue; // an empty flag means "not given": the default applies
      assert.throws(() => loadConfig({ trustProxy: bad }, {}), /--trust-proxy \/ ESSD_TRUST_PROXY: expected true, false/, bad);
    }
    assert.equal(loadConfig({}, { ESSD_TRUST_PROXY: "uniquelocal" }).trustProxy, "uniquelocal");
  });
});
