import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import net from "node:net";
import { Writable } from "node:stream";
import { createRuntime, type Runtime } from "../src/app/runtime.ts";
import { loadConfig } from "../src/config/config.ts";
import { openSqliteStore } from "../src/store/sqlite.ts";
import { when } from "./support/when.ts";

// essd's log as parsed lines, announced one by one so a test waits on the line itself.
const lines: Array<{ level: number; msg: string; [key: string]: unknown }> = [];
const logged = new EventEmitter();
const logStream = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
    logged.emit("line");
    done();
  },
});

let runtime: Runtime;
let port: number;

before(async () => {
  const config = loadConfig({ port: 0, logLevel: "info" }, {});
  runtime = await createRuntime(config, { store: openSqliteStore(":memory:"), logger: { level: "info", stream: logStream }, background: false });
  port = Number(new URL(await runtime.start()).port);
});
after(() => runtime.stop());

/** Sends the headers, waits until essd has read them (its `100 Continue`), sends half the body and hangs up. */
function hangUpMidBody(path: string, contentType: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n`);
    });
    socket.once("data", (data) => {
      assert.match(String(data), /^HTTP\/1\.1 100 Continue/);
      socket.write('{"Operator": {"UserId": ', () => {
        socket.destroy();
        resolve();
      });
    });
    socket.on("error", reject);
  });
}

describe("a client that hangs up mid-body", () => {
  for (const [surface, path, type] of [
    ["the API", "/", "application/json"],
    ["a page", "/review/login", "application/x-www-form-urlencoded"],
    ["the control API", "/_essd/clock/advance", "application/json"],
  ] as const) {
    it(`on ${surface} is one info line, never an error with a stack`, async () => {
      const from = lines.length;
      await hangUpMidBody(path, type);
      const line = await when(logged, "line", () => lines.slice(from).find((l) => l.msg.startsWith("client went away")), {
        timeoutMs: 10_000,
        failure: (reason) => `no "client went away" line: ${reason}; logged ${JSON.stringify(lines.slice(from))}`,
      });
      assert.equal(line.level, 30);
      const errorsLogged = lines.slice(from).filter((l) => l.level >= 50);
      assert.deepEqual(errorsLogged, []);
      assert.doesNotMatch(JSON.stringify(lines.slice(from)), /"stack"/);
    });
  }
});
