import { mkdirSync } from 'node:fs';
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
  ) {}

  /** `dataDir` undefined keeps everything in memory (tests). */
  static async start(dataDir?: string): Promise<EmbeddedPostgres> {
    let db: PGlite;
    if (dataDir) {
      const path = resolve(dataDir, 'pglite');
      mkdirSync(path, { recursive: true });
      db = await PGlite.create(path);
    } else {
      db = await PGlite.create();
    }
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 100 });
    await server.start();
    const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres`;
    return new EmbeddedPostgres(db, server, url);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
