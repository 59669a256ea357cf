/**
 * B7 pages: each public page's server time under 20 concurrent clients (autocannon) against the
 * JSON endpoint serving the same data, same run, same process; and the bytes a first visit
 * downloads (HTML + the stylesheet; no images, no JavaScript). Page and JSON runs alternate. Demo data (SPEC §10) seeded as on
 * a first start. The staff pages: bench/staff-pages.ts; what both share: bench/lib/page-bench.ts. Targets (QUALITY.md): page ≤ 1.5 × its JSON endpoint; first visit ≤ 100 KB.
 *
 *   npm run build && npx tsc -p bench/tsconfig.json && BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node dist/bench/pages.js
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { measurePairs, PAGE_TARGETS, PagePair, pageBenchEnv, pagesLine, pagesPass, ROUNDS, SECONDS, CONNECTIONS, seedDemoData, selectPairs } from './lib/page-bench.js';
import { freshDatabase, startChild, writeResult } from './read-api-kit/bench-kit.js';

const db = await freshDatabase();
try {
  const env = pageBenchEnv(db.url);
  const links = await seed(env);

  const app = await startChild('read-api-kit/app-server.js', env);
  const base = `http://127.0.0.1:${app.port}`;
  const auth = { authorization: `Bearer ${app.info.token}` };
  // Each page and the JSON request that reads the same data through the same service call.
  // `/donate` has no such endpoint: its funds list is `FundsService.list()` (code and name),
  // while `GET /api/v1/funds` adds every fund's balances and a bearer token check. It is still
  // measured beside it, as the nearest, but its ratio is `ratioNearest` and not judged.
  const pairs: PagePair[] = [
    { page: '/', json: '/api/v1/public/summary' },
    { page: '/interest', json: '/api/v1/priority-areas' },
    { page: '/interest/thanks' },
    { page: links.status, json: `/api/v1/interest${links.status}` },
    { page: links.grantee, json: `/api/v1${links.grantee}` },
    { page: '/donate', json: '/api/v1/funds', jsonHeaders: auth, nearest: true },
    { page: '/donate/thanks' },
    { page: '/donate/cancelled' },
    { page: '/jobs', json: '/api/v1/jobs', shows: `/jobs/${links.roleId}` },
    { page: `/jobs/${links.roleId}`, json: `/api/v1/jobs/${links.roleId}` },
    { page: `/jobs/${links.roleId}/apply`, json: `/api/v1/jobs/${links.roleId}` },
    { page: links.unsubscribe, json: `/api/v1${links.unsubscribe}` },
  ];
  const rows = await measurePairs(base, selectPairs(pairs), app.process.pid);
  await app.stop();

  console.table(rows);
  const pass = pagesPass(rows);
  const file = writeResult('pages', {
    benchmark: 'B7 pages',
    setup: { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, data: 'demo seed (SPEC §10)', latency: 'p50 per request under load' },
    rows,
    targets: PAGE_TARGETS,
    pass,
  });
  console.log(pagesLine('B7 pages', rows, pass, file));
} finally {
  await db.drop();
}

/** Demo data through the real app in this process, and one private link of each kind. */
function seed(env: Record<string, string>): Promise<{ status: string; grantee: string; unsubscribe: string; roleId: string }> {
  return seedDemoData(env, async (app) => {
    const { InterestService } = await import('../src/interest/interest.service.js');
    const { UnsubscribeService } = await import('../src/email/unsubscribe.service.js');
    await app.get(InterestService).submit({ name: 'Bench Applicant', email: 'bench-applicant@example.org', areas: ['unix-signals'], summary: 'Signals', consent: true }, 'en');
    const ds = app.get(DataSource);
    // The outbox keeps link references; the worker writes the link at send time, as here.
    const { linkKey, resolveLinkRefs } = await import('../src/common/links/link-token.js');
    const { jwtSecret } = await import('../src/auth/jwt-secret.js');
    const key = linkKey(jwtSecret(env.JWT_SECRET, env.DATA_DIR));
    const path = async (key_: string, where: string) => {
      const [row]: { url: string }[] = await ds.query(`SELECT props->>'${key_}' AS url FROM email_outbox WHERE ${where} ORDER BY created_at DESC LIMIT 1`);
      return new URL(resolveLinkRefs(row.url, env.APP_URL, key)).pathname;
    };
    const status = await path('statusUrl', `recipient = 'bench-applicant@example.org'`);
    const grantee = await path('granteeUrl', `props ? 'granteeUrl'`);
    const [unsubscribe] = (await app.get(UnsubscribeService).linksFor([{ email: 'sponsor@example.org', category: 'updates' }])).values();
    // The demo's open position (the kernel developer posting).
    const { JobsService } = await import('../src/hiring/jobs.service.js');
    const [job] = await app.get(JobsService).list();
    if (!job) throw new Error('the demo data has no open position');
    return { status, grantee, unsubscribe: new URL(unsubscribe).pathname, roleId: job.id };
  });
}
