/**
 * The embedded PostgreSQL's own thread (see EmbeddedPostgres): PGlite and its socket server run
 * here, so starting PGlite (instantiating its WebAssembly, opening the data folder) overlaps
 * the main thread loading the application, and a long query no longer stalls the main thread's
 * event loop. Messages: `{ready}` or `{error}` once started; on `stop`, `{stopped}` once the
 * database is closed (flushed to its folder).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedWorkerData {
  /** The data folder, or undefined to keep everything in memory (tests). */
  dataPath?: string;
  socket: string;
}

export type EmbeddedWorkerMessage = { type: 'ready' } | { type: 'error'; message: string; stack?: string } | { type: 'stopped' };

async function start(): Promise<void> {
  const { dataPath, socket } = workerData as EmbeddedWorkerData;
  const db = dataPath ? await PGlite.create(dataPath) : await PGlite.create();
  const server = new PGLiteSocketServer({ db, path: socket, maxConnections: 100 });
  await server.start();
  parentPort!.on('message', (message: unknown) => {
    if (message !== 'stop') return;
    void (async () => {
      await server.stop();
      await db.close();
      parentPort!.postMessage({ type: 'stopped' } satisfies EmbeddedWorkerMessage);
    })();
  });
  parentPort!.postMessage({ type: 'ready' } satisfies EmbeddedWorkerMessage);
}

start().catch((error: unknown) => {
  const failure = error instanceof Error ? error : new Error(String(error));
  parentPort!.postMessage({ type: 'error', message: failure.message, stack: failure.stack } satisfies EmbeddedWorkerMessage);
});
