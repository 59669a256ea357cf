import 'reflect-metadata';
import { validateEnv } from './config/env.validation.js';
async function main() {
    let env;
    try {
        env = validateEnv(process.env);
    }
    catch (error) {
        console.error(error.message);
        process.exit(1);
    }
    const { resolveDatabase, stopEmbeddedDatabase } = await import('./database/database-url.js');
    const embedded = env.DATABASE_URL ? undefined : resolveDatabase(undefined, env.DATA_DIR);
    embedded?.catch(() => undefined);
    const { createApp } = await import('./app.factory.js');
    const { BootstrapService } = await import('./bootstrap.service.js');
    const app = await createApp();
    await app.listen({ port: env.PORT, host: env.HOST });
    const firstAdmin = app.get(BootstrapService).firstAdmin;
    const lines = [
        '',
        `Coffer is running at ${env.APP_URL}  (API docs: ${env.APP_URL}/docs)`,
        `Database: ${env.DATABASE_URL ? 'PostgreSQL from DATABASE_URL' : `embedded PostgreSQL in ${env.DATA_DIR}/pglite`}`,
    ];
    if (firstAdmin?.generatedPassword) {
        lines.push(`Log in as ${firstAdmin.email} with password ${firstAdmin.generatedPassword}  (shown once; change it or set ADMIN_PASSWORD)`);
    }
    else if (firstAdmin) {
        lines.push(`Log in as ${firstAdmin.email} with the ADMIN_PASSWORD you set.`);
    }
    else {
        lines.push('Log in with an existing staff account (npm run cli -- user:create to add one).');
    }
    lines.push(`  curl -X POST ${env.APP_URL}/api/v1/auth/login -H 'content-type: application/json' -d '{"email":"…","password":"…"}'`, '');
    process.stdout.write(lines.join('\n') + '\n');
    let stopping = false;
    const stop = async (signal) => {
        if (stopping)
            return;
        stopping = true;
        process.stdout.write(`${signal}: shutting down\n`);
        await app.close();
        await stopEmbeddedDatabase();
        process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
}
main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
//# sourceMappingURL=main.js.map