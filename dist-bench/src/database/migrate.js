import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnv } from '../config/env.validation.js';
import { dataSourceOptions } from './data-source-options.js';
import { resolveDatabase, stopEmbeddedDatabase } from './database-url.js';
async function main(command) {
    if (command !== 'run' && command !== 'revert')
        throw new Error('usage: migrate.ts run|revert');
    const env = validateEnv(process.env);
    const db = await resolveDatabase(env.DATABASE_URL, env.DATA_DIR);
    const dataSource = new DataSource(dataSourceOptions(db));
    await dataSource.initialize();
    try {
        if (command === 'run') {
            const applied = await dataSource.runMigrations();
            console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'nothing to apply');
        }
        else {
            await dataSource.undoLastMigration();
            console.log('reverted the last migration');
        }
    }
    finally {
        await dataSource.destroy();
        await stopEmbeddedDatabase();
    }
}
main(process.argv[2]).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
//# sourceMappingURL=migrate.js.map