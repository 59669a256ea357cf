import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
function withDatabase(url, database) {
    const parsed = new URL(url);
    parsed.pathname = `/${database}`;
    return parsed.toString();
}
export async function createTestDatabase(serverUrl = process.env.TEST_DATABASE_URL, options = { migrate: true }) {
    if (!serverUrl) {
        const embedded = await EmbeddedPostgres.start();
        if (options.migrate)
            await migrate(embedded.url, 1);
        return { url: embedded.url, embedded: true, drop: () => embedded.stop() };
    }
    const name = `coffer_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = withDatabase(serverUrl, name);
    if (options.migrate)
        await migrate(url, 5);
    return {
        url,
        embedded: false,
        drop: async () => {
            const client = new pg.Client({ connectionString: serverUrl });
            await client.connect();
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await client.end();
        },
    };
}
async function migrate(url, poolSize) {
    const dataSource = new DataSource(dataSourceOptions({ url, embedded: poolSize === 1, poolSize }));
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();
}
//# sourceMappingURL=test-database.js.map