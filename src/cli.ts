/**
 * Operator commands: `npm run cli -- <command> [--flags]`.
 *   user:create --email E --name N --roles admin,treasurer --password P
 *   user:unlock --email E   forgets the failed logins that slow down sign-in for this address
 *   ledger:check   proves every entry balances and the journal agrees with donations and payouts (exit 1 if not)
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from './config/config.js';
import { loadDotEnv } from './config/env-file.js';

const USAGE = 'usage: npm run cli -- user:create --email E --name N --roles admin,treasurer,board --password P | user:unlock --email E | ledger:check';

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  loadDotEnv();
  const config = loadConfig();
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('./app.module.js');
  const { stopEmbeddedDatabase } = await import('./database/database-url.js');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false, abortOnError: false });
  try {
    switch (command) {
      case 'user:create': {
        const { values } = parseArgs({
          args: rest,
          options: { email: { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' }, password: { type: 'string' } },
        });
        const { runUserCreate } = await import('./users/user-create.command.js');
        console.log(JSON.stringify(await runUserCreate(app, values), null, 2));
        break;
      }
      case 'user:unlock': {
        const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } } });
        const { runUserUnlock } = await import('./users/user-unlock.command.js');
        console.log(JSON.stringify(await runUserUnlock(app, values), null, 2));
        break;
      }
      case 'ledger:check': {
        const { LedgerCheckService } = await import('./ledger/ledger-check.service.js');
        const report = await app.get(LedgerCheckService).run();
        console.log(JSON.stringify(report, null, 2));
        if (!report.ok) process.exitCode = 1;
        break;
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await app.close();
    await stopEmbeddedDatabase();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
