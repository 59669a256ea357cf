/**
 * Operator commands: `npm run cli -- <command> [--flags]`.
 *   user:create --email E --name N --roles admin,treasurer --password P
 *   user:unlock --email E   forgets the failed logins that slow down sign-in for this address
 *   ledger:check   proves every entry balances and the journal agrees with donations and payouts (exit 1 if not)
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from './config/config.js';
import { loadDotEnv } from './config/env-file.js';

const USAGE = 'usage: npm run cli -- user:create --email E --name N --roles admin,treasurer,board --password P | user:unlock --email E | ledger:check';

/** What a command does once the application is up. */
type Work = (app: INestApplicationContext) => Promise<void>;

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

/**
 * The command and its flags, checked before anything starts: a typo or a bad flag is answered
 * at once, without connecting to (or starting) the database and booting the application.
 */
async function prepare(command: string | undefined, rest: string[]): Promise<Work> {
  switch (command) {
    case 'user:create': {
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' }, password: { type: 'string' } },
      });
      const { runUserCreate, userCreateInput } = await import('./users/user-create.command.js');
      const input = await userCreateInput(values);
      return async (app) => print(await runUserCreate(app, input));
    }
    case 'user:unlock': {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } } });
      const { runUserUnlock, userUnlockEmail } = await import('./users/user-unlock.command.js');
      const email = userUnlockEmail(values);
      return async (app) => print(await runUserUnlock(app, email));
    }
    case 'ledger:check':
      return async (app) => {
        const { LedgerCheckService } = await import('./ledger/ledger-check.service.js');
        const report = await app.get(LedgerCheckService).run();
        print(report);
        if (!report.ok) process.exitCode = 1;
      };
    default:
      throw new Error(USAGE);
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const work = await prepare(command, rest);
  loadDotEnv();
  const config = loadConfig();
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('./app.module.js');
  const { stopEmbeddedDatabase } = await import('./database/database-url.js');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false, abortOnError: false });
  try {
    await work(app);
  } finally {
    await app.close();
    await stopEmbeddedDatabase();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
