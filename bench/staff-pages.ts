/**
 * B7 staff pages: each staff page's server time under 20 concurrent clients (autocannon) against
 * the JSON endpoint serving the same data through the same service call, same run, same process;
 * and the bytes a first visit downloads (HTML + the stylesheet). The page side signs in once
 * through `POST /login` (a session cookie: one session lookup per request, plus at most one
 * UPDATE a minute); the JSON side once through `POST /api/v1/auth/login` (a bearer token, a JWT
 * check per request). Both as the bootstrap administrator, on the demo data (SPEC §10).
 * Shared with bench/pages.ts: bench/lib/page-bench.ts. Targets (QUALITY.md): page ≤ 1.5 × its
 * JSON endpoint; first visit ≤ 100 KB, no JavaScript.
 *
 *   npm run bench -- staff-pages        (BENCH_ONLY=/staff/month,/staff/funds for some pages)
 */
import 'reflect-metadata';
import { CONNECTIONS, measurePairs, PAGE_TARGETS, PagePair, pageBenchEnv, pagesLine, pagesPass, ROUNDS, SECONDS, seedDemoData, selectPairs } from './lib/page-bench.js';
import { freshDatabase, startChild, writeResult } from './read-api-kit/bench-kit.js';

/** The demo data spreads over the months before today: last month has its bank transfers and Patreon payout. */
function demoMonth(): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

/** `POST /login` as a browser form would; the `Cookie` header value carrying the session. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, next: '/staff' }).toString(),
    redirect: 'manual',
  });
  const session = res.headers.getSetCookie().find((c) => /^(__Host-)?coffer_session=./.test(c));
  if (res.status !== 303 || !session) throw new Error(`POST /login answered ${res.status} without a session cookie`);
  return session.split(';')[0];
}

export default async function staffPages(): Promise<void> {
  const db = await freshDatabase();
  try {
    const env = pageBenchEnv(db.url);
    await seedDemoData(env, () => Promise.resolve());

    // app-server.ts signs in through `POST /api/v1/auth/login` and hands over the bearer token.
    const app = await startChild('read-api-kit/app-server.js', env);
    const base = `http://127.0.0.1:${app.port}`;
    const bearer = { authorization: `Bearer ${app.info.token}` };
    const session = { cookie: await signIn(base, env.ADMIN_EMAIL, env.ADMIN_PASSWORD) };
    const month = demoMonth();
    // Lists ask the endpoint for the page's page size (25; the audit log shows 50) and the same
    // default filters; the runway page projects 12 months where the endpoint defaults to 24.
    const pairs: PagePair[] = [
      { page: '/staff/donations', json: '/api/v1/donations?limit=25', shows: 'Sponsoring 2026' },
      { page: '/staff/sponsors', json: '/api/v1/sponsors?limit=25' },
      // `/api/v1/funds` is the one returning balances, from `FundBalancesService.list()` as the page.
      { page: '/staff/funds', json: '/api/v1/funds' },
      { page: '/staff/runway', json: '/api/v1/runway?months=12' },
      { page: '/staff/roles', json: '/api/v1/roles?limit=25' },
      { page: '/staff/expenses', json: '/api/v1/expenses?limit=25' },
      { page: '/staff/grants', json: '/api/v1/grants?limit=25' },
      { page: '/staff/interest', json: '/api/v1/interest?limit=25' },
      { page: '/staff/hiring', json: '/api/v1/role-applications?limit=25' },
      { page: '/staff/updates', json: '/api/v1/updates?limit=25' },
      { page: '/staff/users', json: '/api/v1/users?limit=25' },
      { page: '/staff/emails', json: '/api/v1/emails?limit=25' },
      { page: '/staff/audit', json: '/api/v1/audit?limit=50' },
      { page: `/staff/month/${month}`, json: `/api/v1/periods/${month}` },
      // The administrator's home: the failed-email count and the last 10 audit entries; nearest: the audit list.
      { page: '/staff', json: '/api/v1/audit?limit=10', nearest: true },
    ].map((p) => ({ ...p, pageHeaders: session, jsonHeaders: bearer }));
    const rows = await measurePairs(base, selectPairs(pairs), app.process.pid);
    await app.stop();

    console.table(rows);
    const pass = pagesPass(rows);
    const file = writeResult('staff-pages', {
      benchmark: 'B7 staff pages',
      setup: {
        seconds: SECONDS,
        rounds: ROUNDS,
        connections: CONNECTIONS,
        data: 'demo seed (SPEC §10)',
        month,
        signedIn: 'bootstrap administrator: session cookie (pages), bearer token (JSON)',
        latency: 'p50 per request under load',
      },
      rows,
      targets: PAGE_TARGETS,
      pass,
    });
    console.log(pagesLine('B7 staff pages', rows, pass, file));
  } finally {
    await db.drop();
  }
}
