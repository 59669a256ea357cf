import { EmbeddedPostgres } from './embedded-postgres.js';
let embedded;
let starting;
export async function resolveDatabase(databaseUrl, dataDir, poolMax = 10) {
    if (databaseUrl)
        return { url: databaseUrl, embedded: false, poolSize: poolMax };
    starting ??= EmbeddedPostgres.start(dataDir);
    embedded = await starting;
    return { url: embedded.url, embedded: true, poolSize: 1 };
}
export async function stopEmbeddedDatabase() {
    const running = embedded;
    embedded = undefined;
    starting = undefined;
    await running?.stop();
}
//# sourceMappingURL=database-url.js.map