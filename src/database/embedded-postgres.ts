import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EmbeddedWorkerData, EmbeddedWorkerMessage } from './embedded-worker.js';

/**
 * The embedded default: real PostgreSQL compiled to WebAssembly, persisted in a folder and
 * served on a Unix socket so TypeORM's ordinary `postgres` driver can talk to it.
 * The socket multiplexer serialises sessions, so callers must use a pool of one connection.
 *
 * Why a Unix socket and not a loopback port: pglite-socket hands the client's startup message
 * straight to PGlite, which has no authentication at all (any user, any password, superuser).
 * On a TCP port every local user and every browser-reachable SSRF could read the password
 * hashes. The socket lives in a fresh folder only this OS user can enter (mkdtemp, 0700) and is
 * itself 0600, so only this process's user, which can read DATA_DIR anyway, can connect.
 *
 * PGlite runs in a worker thread of its own (embedded-worker.ts): its start (about a second of
 * WebAssembly and catalog loading) overlaps the main thread loading the application (B6), and
 * its queries, which are synchronous WebAssembly calls, no longer block the main event loop.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly worker: Worker,
    readonly url: string,
    private readonly socketDir: string,
    private readonly lockFile?: string,
  ) {}

  /**
   * `dataDir` undefined keeps everything in memory (tests); `load`, a `dump()` of another
   * embedded database, starts an in-memory one as its copy.
   */
  static async start(dataDir?: string, load?: Uint8Array): Promise<EmbeddedPostgres> {
    let dataPath: string | undefined;
    let lockFile: string | undefined;
    if (dataDir) {
      dataPath = resolve(dataDir, 'pglite');
      mkdirSync(dataPath, { recursive: true });
      lockFile = takeLock(`${dataPath}.lock`);
    }
    // Short on purpose: a Unix socket path must stay under ~100 bytes.
    const socketDir = mkdtempSync(join(tmpdir(), 'coffer-pg-'));
    const socket = join(socketDir, '.s.PGSQL.5432');
    const worker = new Worker(workerFile(), { workerData: { dataPath, socket, load } satisfies EmbeddedWorkerData });
    try {
      await nextMessage(worker, 'ready');
    } catch (error) {
      await worker.terminate();
      rmSync(socketDir, { recursive: true, force: true });
      if (lockFile) rmSync(lockFile, { force: true });
      throw error;
    }
    chmodSync(socket, 0o600);
    const url = `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`;
    return new EmbeddedPostgres(worker, url, socketDir, lockFile);
  }

  /** The whole database as an uncompressed tar, for `start(undefined, tar)`. */
  async dump(): Promise<Uint8Array> {
    const dumped = nextMessage(this.worker, 'dumped');
    this.worker.postMessage('dump');
    return (await dumped).tar;
  }

  async stop(): Promise<void> {
    const stopped = nextMessage(this.worker, 'stopped');
    this.worker.postMessage('stop');
    await stopped;
    await this.worker.terminate();
    rmSync(this.socketDir, { recursive: true, force: true });
    if (this.lockFile) rmSync(this.lockFile, { force: true });
  }
}

/**
 * The worker's module: beside this one in dist/, under database/ when this module is part of the
 * bundled server (dist/src/start.bundle.cjs), or the TypeScript source when the tests run from
 * sources (Node 24 runs it by stripping its types; it uses no syntax that needs compiling).
 */
function workerFile(): URL {
  const candidates = ['./embedded-worker.js', './database/embedded-worker.js', './embedded-worker.ts'].map((path) => new URL(path, import.meta.url));
  return candidates.find((url) => existsSync(url)) ?? candidates[0];
}

type Reply<T extends EmbeddedWorkerMessage['type']> = Extract<EmbeddedWorkerMessage, { type: T }>;

/** The worker's next message, which must be `expected`; its error (or its death) rejects. */
function nextMessage<T extends 'ready' | 'stopped' | 'dumped'>(worker: Worker, expected: T): Promise<Reply<T>> {
  return new Promise((resolvePromise, reject) => {
    const onExit = (code: number) => done(new Error(`The embedded database's thread ended (exit code ${code}) before it was ${expected}`));
    const onError = (error: Error) => done(error);
    const onMessage = (message: EmbeddedWorkerMessage) => {
      if (message.type === expected) return done(undefined, message as Reply<T>);
      if (message.type === 'error') {
        const failure = new Error(message.message);
        failure.stack = message.stack;
        done(failure);
      }
    };
    const done = (error?: Error, reply?: Reply<T>) => {
      worker.off('exit', onExit).off('error', onError).off('message', onMessage);
      if (error) reject(error);
      else resolvePromise(reply!);
    };
    worker.on('exit', onExit).on('error', onError).on('message', onMessage);
  });
}

/**
 * Two processes opening one PGlite folder would corrupt it (it has no locking of its own), so
 * the second one (say `npm run cli` while Coffer runs) is refused with a clear message.
 */
function takeLock(file: string): string {
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    return file;
  } catch {
    const holder = Number(readFileSync(file, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(`The embedded database ${file.replace(/\.lock$/, '')} is in use by process ${holder}; stop that Coffer first, or set DATABASE_URL`);
    }
    writeFileSync(file, String(process.pid));
    return file;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
