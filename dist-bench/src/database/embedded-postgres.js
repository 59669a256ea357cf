import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
export class EmbeddedPostgres {
    db;
    server;
    url;
    constructor(db, server, url) {
        this.db = db;
        this.server = server;
        this.url = url;
    }
    static async start(dataDir) {
        let db;
        if (dataDir) {
            const path = resolve(dataDir, 'pglite');
            mkdirSync(path, { recursive: true });
            db = await PGlite.create(path);
        }
        else {
            db = await PGlite.create();
        }
        const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 100 });
        await server.start();
        const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres`;
        return new EmbeddedPostgres(db, server, url);
    }
    async stop() {
        await this.server.stop();
        await this.db.close();
    }
}
//# sourceMappingURL=embedded-postgres.js.map