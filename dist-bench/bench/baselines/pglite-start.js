import { PGlite } from '@electric-sql/pglite';
import { MIGRATIONS } from '../../migrations/index.js';
async function main(dir, migrate) {
    const db = await PGlite.create(dir);
    if (migrate) {
        const runner = { query: (sql, params) => db.query(sql, params) };
        for (const Migration of MIGRATIONS)
            await new Migration().up(runner);
    }
    else {
        await db.query('SELECT 1');
    }
    await db.close();
}
main(process.argv[2], process.argv[3] === 'migrate').then(() => process.exit(0), (error) => {
    console.error(error);
    process.exit(1);
});
//# sourceMappingURL=pglite-start.js.map