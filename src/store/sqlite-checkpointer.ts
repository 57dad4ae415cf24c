/**
 * WAL checkpoints off the event loop. SQLite checkpoints on the connection that commits past 1,000 WAL pages, and
 * a checkpoint fsyncs the WAL and the database file: on this kind of VM that is 0.4–30 ms with the event loop
 * blocked, the whole of scenario 1's p99 (measured with `strace -T -e fsync` under load). A serving process
 * therefore turns the connection's automatic checkpoint off and checkpoints from a worker thread with a
 * connection of its own, PASSIVE (it never waits for or blocks the server's readers and writers). If the thread
 * dies, the connection checkpoints by itself again.
 *
 * It checkpoints, as SQLite would, once the WAL holds 1,000 frames, not on every tick: after a complete checkpoint
 * the next commit starts the WAL over and fsyncs its header on the committing connection, so checkpointing more
 * often would bring fsyncs back onto the event loop. The WAL's frame count is read from the shared-memory index's
 * header (mxFrame, at byte 16, in the machine's byte order), which costs one read and takes no lock.
 */
import { createRequire } from "node:module";
import { endianness } from "node:os";
import { Worker } from "node:worker_threads";
import type BetterSqlite3 from "better-sqlite3";

/** SQLite's default wal_autocheckpoint, put back when the background checkpoints stop. */
const AUTOCHECKPOINT_PAGES = 1000;
// 4 looks a second: at most a few thousand frames pile up between them under the heaviest write load, and an idle
// server spends about a millisecond of CPU a second on them.
export const CHECKPOINT_EVERY_MS = 250;

// Plain CommonJS evaluated by the thread: dist/essd.js is one bundle, so the thread gets no module file of its own.
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const { openSync, readSync, closeSync } = require("node:fs");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const shm = openSync(workerData.path + "-shm", "r");
const header = Buffer.alloc(20);
const framesInWal = () => {
  readSync(shm, header, 0, 20, 0);
  return workerData.littleEndian ? header.readUInt32LE(16) : header.readUInt32BE(16);
};
const run = (always) => {
  try {
    if (always || framesInWal() >= workerData.pages) checkpoint.get();
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
};
const timer = setInterval(run, workerData.everyMs);
parentPort.on("message", () => {
  clearInterval(timer);
  run(true);
  closeSync(shm);
  db.close();
  parentPort.postMessage({ closed: true });
});
`;

export interface BackgroundCheckpoints {
  stop(): Promise<void>;
}

/** Starts checkpointing `path` from a worker thread; `database` (the server's connection) stops checkpointing itself. */
export function startBackgroundCheckpoints(database: BetterSqlite3.Database, path: string, onError: (message: string) => void = () => {}): BackgroundCheckpoints {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(THREAD, { eval: true, workerData: { driver, path, everyMs: CHECKPOINT_EVERY_MS, pages: AUTOCHECKPOINT_PAGES, littleEndian: endianness() === "LE" } });
  worker.unref();
  database.pragma("wal_autocheckpoint = 0");
  const restore = () => {
    if (database.open) database.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      exited = true;
      restore();
      resolve();
    }),
  );
  worker.on("message", (message: { error?: string; closed?: boolean }) => {
    if (message.error) onError(message.error);
    if (message.closed) void worker.terminate();
  });
  worker.on("error", (error) => onError(error.message));
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      if (!exited) worker.postMessage("stop");
      return (stopping ??= exit);
    },
  };
}
