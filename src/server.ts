import { AppLogger } from './common/logging/app-logger.js';
import type { Configuration } from './config/config.js';
import { createApp } from './app.factory.js';
import { banner } from './banner.js';
import { BootstrapService } from './bootstrap.service.js';
import { stopEmbeddedDatabase } from './database/database-url.js';

/** Builds, seeds (when asked), listens, prints the banner, and stops cleanly on a signal. */
export async function serve(config: Configuration): Promise<void> {
  const app = await createApp(config);
  // Initialise (migrations, first admin), load demo data through in-process requests, and only
  // then listen: nobody sees a half-seeded office or a healthy /health before it is ready.
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const firstAdmin = app.get(BootstrapService).firstAdmin;
  // Demo data on the embedded default's first start (SEED_DEMO=auto), or whenever SEED_DEMO=1.
  const { seedDemo: mode } = config.app;
  let demo;
  if ((mode === 'auto' && firstAdmin && config.database.embedded) || mode === '1') {
    const { seedDemo } = await import('./demo/demo-seed.js');
    demo = await seedDemo(app, await app.get(BootstrapService).anyAdminId());
  }
  await app.listen({ port: config.app.port, host: config.app.host });
  process.stdout.write(banner(config, firstAdmin, demo) + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.get(AppLogger).log(`${signal}: shutting down`, 'Coffer');
    await app.close();
    await stopEmbeddedDatabase();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
