import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded default: real PostgreSQL compiled to WebAssembly, persisted in a folder and
 * served on a free loopback port so TypeORM's ordinary `postgres` driver can talk to it.
 * The socket multiplexer serialises sessions, so callers must use a pool of one connection.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
    private readonly lockFile?: string,
  ) {}

  /** `dataDir` undefined keeps everything in memory (tests). */
  static async start(dataDir?: string): Promise<EmbeddedPostgres> {
    let db: PGlite;
    let lockFile: string | undefined;
    if (dataDir) {
      const path = resolve(dataDir, 'pglite');
      mkdirSync(path, { recursive: true });
      lockFile = takeLock(`${path}.lock`);
      db = await PGlite.create(path);
    } else {
      db = await PGlite.create();
    }
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 100 });
    await server.start();
    const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres`;
    return new EmbeddedPostgres(db, server, url, lockFile);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    if (this.lockFile) rmSync(this.lockFile, { force: true });
  }
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
