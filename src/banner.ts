import { resolve } from 'node:path';
import type { Configuration } from './config/config.js';
import type { FirstAdmin } from './bootstrap.service.js';

/** Single quotes for a POSIX shell, so the printed command works when pasted as it is. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The last lines `npm start` prints: where Coffer runs, how to log in (with the real email
 * and, on the first start, the generated password, shown this once), where mail goes.
 */
export function banner(
  config: Configuration,
  firstAdmin: FirstAdmin | undefined,
  demo?: { donations: number; grants: number; roles: number; payments: number; expenses: number },
): string {
  const { app, database, mail } = config;
  const lines = [
    '',
    `Coffer is running at ${app.url}  (API docs: ${app.url}/docs)`,
    `Database: ${database.embedded ? `embedded PostgreSQL in ${database.dataDir}/pglite` : 'PostgreSQL from DATABASE_URL'}`,
  ];
  if (demo) {
    lines.push(
      `Demo data loaded: ${demo.donations} donations across channels, ${demo.grants} NLnet grants, ${demo.roles} funded roles with ${demo.payments} payments and ${demo.expenses} expenses, sponsors, a call and interest forms (SPEC §10).`,
    );
  }
  lines.push(mail.smtpUrl ? 'Email: sent through SMTP_URL' : `Email: written as .eml files to ${resolve(mail.dir)} (open one to read it as the recipient would)`);
  const email = firstAdmin?.email ?? config.admin.email;
  let password = '<your password>';
  if (firstAdmin?.generatedPassword) {
    password = firstAdmin.generatedPassword;
    lines.push(`Log in as ${email} with password ${password}  (shown once; change it, or set ADMIN_PASSWORD before the first start)`);
  } else if (firstAdmin) {
    lines.push(`Log in as ${email} with the ADMIN_PASSWORD you set:`);
    password = '<ADMIN_PASSWORD>';
  } else {
    lines.push(`Log in with an existing staff account (npm run cli -- user:create adds one):`);
  }
  const body = JSON.stringify({ email, password });
  lines.push(`  curl -X POST ${app.url}/api/v1/auth/login -H 'content-type: application/json' -d ${shellQuote(body)}`, '');
  return lines.join('\n');
}
