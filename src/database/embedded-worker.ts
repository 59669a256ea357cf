/**
 * The embedded PostgreSQL's own thread (see EmbeddedPostgres): PGlite and its socket server run
 * here, so starting PGlite (instantiating its WebAssembly, opening the data folder) overlaps
 * the main thread loading the application, and a long query no longer stalls the main thread's
 * event loop. Messages: `{ready}` or `{error}` once started; on `stop`, `{stopped}` once the
 * database is closed (flushed to its folder); on `dump`, `{dumped}` with the whole data folder as
 * an uncompressed tar (the tests copy one migrated database into the others this way).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedWorkerData {
  /** The data folder, or undefined to keep everything in memory (tests). */
  dataPath?: string;
  socket: string;
  /** A `dump` of another embedded database to start from (in memory only; tests). */
  load?: Uint8Array;
}

export type EmbeddedWorkerMessage = { type: 'ready' } | { type: 'error'; message: string; stack?: string } | { type: 'stopped' } | { type: 'dumped'; tar: Uint8Array };

async function start(): Promise<void> {
  const { dataPath, socket, load } = workerData as EmbeddedWorkerData;
  const db = dataPath ? await PGlite.create(dataPath) : await PGlite.create(load ? { loadDataDir: new Blob([load]) } : {});
  const server = new PGLiteSocketServer({ db, path: socket, maxConnections: 100 });
  await server.start();
  parentPort!.on('message', (message: unknown) => {
    if (message === 'dump') {
      void (async () => {
        const tar = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
        parentPort!.postMessage({ type: 'dumped', tar } satisfies EmbeddedWorkerMessage, [tar.buffer]);
      })().catch(sendError);
      return;
    }
    if (message !== 'stop') return;
    void (async () => {
      await server.stop();
      await db.close();
      parentPort!.postMessage({ type: 'stopped' } satisfies EmbeddedWorkerMessage);
    })();
  });
  parentPort!.postMessage({ type: 'ready' } satisfies EmbeddedWorkerMessage);
}

function sendError(error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  parentPort!.postMessage({ type: 'error', message: failure.message, stack: failure.stack } satisfies EmbeddedWorkerMessage);
}

start().catch(sendError);
