import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages in the WAL after which the connection checkpoints inside a commit, when no worker does it. */
export const INLINE_CHECKPOINT_PAGES = 10_000;

// Plain CommonJS evaluated in the worker, so it runs the same under tsx and compiled builds.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const tick = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  tick();
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * SQLite checkpoints the WAL inside whichever commit crosses the threshold, and that commit then
 * copies and fsyncs megabytes on the event loop: a 40 MB checkpoint held webhook answers for
 * ~70 ms. A worker thread with its own connection runs PASSIVE checkpoints instead (they never
 * block readers or writers), and the main connection stops checkpointing inline. If the worker
 * dies, inline checkpoints come back so the WAL cannot grow without bound.
 */
export function startWalCheckpointer(
  sqlite: BetterSqlite3.Database,
  file: string,
  options: { intervalMs?: number; onProblem?: (message: string) => void } = {},
): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs: options.intervalMs ?? 250 } });
  worker.unref();
  let stopping = false;
  const fallBack = (message: string) => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
    options.onProblem?.(message);
  };
  worker.on('message', (m: { error?: string }) => {
    if (m.error) options.onProblem?.(`background WAL checkpoint failed: ${m.error}`);
  });
  worker.on('error', (err) => fallBack(`background WAL checkpointer stopped (${err.message}); checkpointing inline again`));
  worker.on('exit', (code) => {
    if (!stopping) fallBack(`background WAL checkpointer exited with ${code}; checkpointing inline again`);
  });
  sqlite.pragma('wal_autocheckpoint = 0');
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      // Held open (not unref'd) until its final checkpoint is done.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}
