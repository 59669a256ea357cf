import 'reflect-metadata';
import { validateEnv } from './config/env.validation.js';

async function main(): Promise<void> {
  let env;
  try {
    env = validateEnv(process.env);
  } catch (error) {
    // One line naming the variable, not a stack trace.
    console.error((error as Error).message);
    process.exit(1);
  }
  const { createApp } = await import('./app.factory.js');
  const { BootstrapService } = await import('./bootstrap.service.js');
  const { stopEmbeddedDatabase } = await import('./database/database-url.js');

  const app = await createApp();
  // Initialise (migrations, first admin), load demo data through in-process requests, and only
  // then listen: nobody sees a half-seeded office or a healthy /health before it is ready.
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const firstAdmin = app.get(BootstrapService).firstAdmin;
  // Demo data on the embedded default's first start (SEED_DEMO=auto), or whenever SEED_DEMO=1.
  let demo = '';
  if ((env.SEED_DEMO === 'auto' && firstAdmin && !env.DATABASE_URL) || env.SEED_DEMO === '1') {
    const { seedDemo } = await import('./demo/demo-seed.js');
    const adminId = await app.get(BootstrapService).anyAdminId();
    const seeded = await seedDemo(app, adminId);
    demo = `Demo data loaded: ${seeded.donations} donations across channels, ${seeded.grants} NLnet grants, ${seeded.roles} funded roles with ${seeded.payments} payments and ${seeded.expenses} expenses, sponsors, a call and interest forms (SPEC §10).`;
  }
  await app.listen({ port: env.PORT, host: env.HOST });
  const lines = [
    '',
    `Coffer is running at ${env.APP_URL}  (API docs: ${env.APP_URL}/docs)`,
    `Database: ${env.DATABASE_URL ? 'PostgreSQL from DATABASE_URL' : `embedded PostgreSQL in ${env.DATA_DIR}/pglite`}`,
  ];
  if (demo) lines.push(demo);
  if (firstAdmin?.generatedPassword) {
    lines.push(`Log in as ${firstAdmin.email} with password ${firstAdmin.generatedPassword}  (shown once; change it or set ADMIN_PASSWORD)`);
  } else if (firstAdmin) {
    lines.push(`Log in as ${firstAdmin.email} with the ADMIN_PASSWORD you set.`);
  } else {
    lines.push('Log in with an existing staff account (npm run cli -- user:create to add one).');
  }
  lines.push(`  curl -X POST ${env.APP_URL}/api/v1/auth/login -H 'content-type: application/json' -d '{"email":"…","password":"…"}'`, '');
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: shutting down\n`);
    await app.close();
    await stopEmbeddedDatabase();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
