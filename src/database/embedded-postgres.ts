import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

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
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
    private readonly socketDir: string,
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
    // Short on purpose: a Unix socket path must stay under ~100 bytes.
    const socketDir = mkdtempSync(join(tmpdir(), 'coffer-pg-'));
    const socket = join(socketDir, '.s.PGSQL.5432');
    const server = new PGLiteSocketServer({ db, path: socket, maxConnections: 100 });
    await server.start();
    chmodSync(socket, 0o600);
    const url = `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`;
    return new EmbeddedPostgres(db, server, url, socketDir, lockFile);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    rmSync(this.socketDir, { recursive: true, force: true });
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
