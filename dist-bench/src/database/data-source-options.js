import { MIGRATIONS } from '../../migrations/index.js';
export function dataSourceOptions(db) {
    return {
        type: 'postgres',
        url: db.url,
        migrations: MIGRATIONS,
        migrationsTableName: 'migrations',
        migrationsTransactionMode: 'each',
        synchronize: false,
        extra: {
            max: db.poolSize,
            connectionTimeoutMillis: 30_000,
            application_name: 'coffer',
        },
    };
}
//# sourceMappingURL=data-source-options.js.map