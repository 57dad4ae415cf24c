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
 *
 * Only a commit that finds every frame copied starts the WAL over. Under writes that never pause, the server
 * commits while the thread's checkpoint runs, so some frame is always left and the WAL grew without end (900 MB
 * in 15 s of scenario 1). Past HIGH_WATER_FRAMES the thread checkpoints again at once until few frames are left,
 * then says so, and the server's connection checkpoints those few itself, between two of its own commits, so none
 * can come in between: its next commit starts the WAL over, and journal_size_limit cuts the file back. That costs
 * the event loop what SQLite's own checkpoint did (a short copy and two fsyncs, 7–14 ms on this VM), once per
 * HIGH_WATER_FRAMES frames written without a pause, not once per 1,000. Measured at half of scenario 1's maximum
 * (`npm run bench -- --only 1`): p99 11.6–18.3 ms with 40,000 frames and a 256 MB limit; 29 ms with 10,000
 * frames; 56 ms with 40,000 and a 64 MB limit (cutting ~100 MB off the file is itself a stall). The p99 of
 * 6.3 ms before this bound was bought with a WAL that never stopped growing.
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
/** Frames (of 4 KB) past which the server's connection finishes a checkpoint itself: about 160 MB of WAL. */
export const HIGH_WATER_FRAMES = 40_000;
/** How few frames may be left for the server's connection to copy itself (each a write of 4 KB on the event loop). */
const FINISH_BELOW_FRAMES = 64;
/** What the WAL file is cut back to when it starts over (SQLite leaves it at its largest otherwise); above the high water, so that a file of the usual size is never cut. */
export const WAL_SIZE_LIMIT_BYTES = 256 * 1024 * 1024;

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
let tries = 0;
let stopped = false;
const run = (always) => {
  if (stopped) return;
  try {
    if (!always && framesInWal() < workerData.pages) return;
    // \`checkpointed\`: the frames it copied, of those there were when it began. More now: commits came meanwhile.
    const { checkpointed } = checkpoint.get();
    if (always) return;
    const frames = framesInWal();
    if (frames < workerData.highWater || frames <= checkpointed) {
      tries = 0;
      return;
    }
    // Past the high water: copy again at once until little is left (what the server copies itself, on its event
    // loop), or after a few tries when commits come faster than a checkpoint copies.
    if (frames - checkpointed > workerData.finishBelow && ++tries < 8) return void setImmediate(run);
    tries = 0;
    parentPort.postMessage({ behind: true });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
};
const timer = setInterval(run, workerData.everyMs);
parentPort.on("message", () => {
  clearInterval(timer);
  run(true);
  stopped = true;
  closeSync(shm);
  db.close();
  parentPort.postMessage({ closed: true });
});
`;

export interface BackgroundCheckpoints {
  stop(): Promise<void>;
}

export interface CheckpointOptions {
  everyMs?: number;
  highWaterFrames?: number;
}

/** Starts checkpointing `path` from a worker thread; `database` (the server's connection) stops checkpointing itself. */
export function startBackgroundCheckpoints(database: BetterSqlite3.Database, path: string, onError: (message: string) => void = () => {}, options: CheckpointOptions = {}): BackgroundCheckpoints {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const workerData = {
    driver,
    path,
    everyMs: options.everyMs ?? CHECKPOINT_EVERY_MS,
    pages: AUTOCHECKPOINT_PAGES,
    highWater: options.highWaterFrames ?? HIGH_WATER_FRAMES,
    finishBelow: FINISH_BELOW_FRAMES,
    littleEndian: endianness() === "LE",
  };
  const worker = new Worker(THREAD, { eval: true, workerData });
  worker.unref();
  database.pragma("wal_autocheckpoint = 0");
  database.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  // Between two statements of this thread: no commit of this connection can come while it copies. Not inside a
  // transaction (SQLite refuses it there): the thread says so again after its next checkpoint.
  const finishCheckpoint = () => {
    if (!database.open || database.inTransaction) return;
    try {
      database.pragma("wal_checkpoint(PASSIVE)");
    } catch (error) {
      onError((error as Error).message);
    }
  };
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
  worker.on("message", (message: { error?: string; closed?: boolean; behind?: boolean }) => {
    if (message.error) onError(message.error);
    if (message.behind) finishCheckpoint();
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
