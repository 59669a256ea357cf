/**
 * B5 (QUALITY.md): 5,000 queued emails through the outbox worker to a local SMTP server,
 * against nodemailer sending the same pre-rendered messages in a bare loop, same run, same
 * server, same SMTP pool size. Target: worker ≥ 0.7 × baseline, every message received once.
 *
 *   npm run bench -- email
 *
 * Database: a fresh one on the server named by BENCH_DATABASE_URL or TEST_DATABASE_URL
 * (dropped afterwards), else the embedded PGlite. EMAILS=n and REPEATS=n change the size.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer/lib/mailer';
import { createApp } from '../src/app.factory.js';
import { TransactionService } from '../src/database/transaction.service.js';
import { createTestDatabase } from '../src/database/test-database.js';
import { compose } from '../src/email/compose.js';
import { unsubscribeCategoryOf } from '../src/email/email-category.js';
import { EmailTemplate, Locale } from '../src/email/email-template.js';
import { OutboxService } from '../src/email/outbox.service.js';
import { OutboxWorker } from '../src/email/outbox-worker.service.js';
import { sampleProps } from '../src/email/sample-props.js';
import { TemplateRenderer } from '../src/email/template-renderer.js';
import { UnsubscribeService } from '../src/email/unsubscribe.service.js';
import { SmtpSink } from '../test/email/smtp-sink.js';
import { benchFolder } from './lib/bench-folder.js';
import { guardResult } from './lib/load-guard.js';
import { withOwnEnv } from './lib/process-env.js';

const EMAILS = Number(process.env.EMAILS ?? 5000);
const REPEATS = Number(process.env.REPEATS ?? 3);
const WARMUP = 300;
const CONCURRENCY = 5;
const TARGET = 0.7;
const APP_URL = 'http://coffer.bench';
const FROM = 'Redox OS <donate@coffer.bench>';

/** cpuMs: CPU time of this Node process (the app and the SMTP server both live in it). */
type Timing = { ms: number; sent: number; cpuMs: number; receivedOnce: number; duplicates: number; notSent: number };
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1000);
};
const perSec = (r: { ms: number; sent: number }) => (r.sent / r.ms) * 1000;

type Row = { id: string; template: EmailTemplate; locale: Locale; recipient: string; props: object; category: 'transactional' | 'bulk'; message_id: string };

async function main(): Promise<void> {
  const db = await createTestDatabase(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL);
  const sink = await SmtpSink.start({ keepRaw: false });
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATABASE_POOL_MAX: db.embedded ? '1' : '10',
    MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'silent',
    DATA_DIR: benchFolder('coffer-bench-'),
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    APP_URL,
    MAIL_FROM: FROM,
    SMTP_URL: sink.url,
    EMAIL_WORKER: 'off',
    EMAIL_BATCH_SIZE: process.env.BATCH ?? '100',
    EMAIL_CONCURRENCY: String(CONCURRENCY),
  });
  const app = await createApp();
  await app.init();
  const tx = app.get(TransactionService);
  const worker = app.get(OutboxWorker);
  const samples = sampleProps(APP_URL);

  // Realistic sponsor mail: receipts and bulk updates, both with unsubscribe links, en and de.
  const enqueue = (n: number, tag: string) =>
    tx.run(async (m) => {
      const outbox = app.get(OutboxService);
      for (let i = 0; i < n; i++) {
        const update = i % 5 === 0;
        const template = update ? EmailTemplate.SponsorUpdate : EmailTemplate.DonationReceipt;
        await outbox.enqueue(m, {
          template,
          to: `${tag}-${i}@sponsors.bench`,
          locale: i % 3 === 0 ? 'de' : 'en',
          props: samples[template],
          category: update ? 'bulk' : 'transactional',
        });
      }
    });
  const timeWorker = async () => {
    sink.reset();
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const result = await worker.drain();
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, sent: result.sent, cpuMs: cpuMs(cpu) };
  };

  // Pre-render exactly what the worker sent (same templates, props, links, Message-IDs).
  const renderer = new TemplateRenderer();
  const unsubscribe = app.get(UnsubscribeService);
  const prerender = async (tag: string): Promise<(SendMailOptions & { messageId: string })[]> => {
    const rows: Row[] = await tx.manager.query(
      `SELECT id, template, locale, recipient, props, category, message_id FROM email_outbox WHERE recipient LIKE $1 ORDER BY created_at`,
      [`${tag}-%`],
    );
    const links = await unsubscribe.linksFor(rows.map((r) => ({ email: r.recipient, category: unsubscribeCategoryOf(r.template, r.category)! })));
    return rows.map((r) => {
      const url = links.get(unsubscribe.linkKey(r.recipient, unsubscribeCategoryOf(r.template, r.category)!));
      const rendered = renderer.render(r.template, r.locale, r.props as never, { appUrl: APP_URL, orgName: 'Redox OS', unsubscribeUrl: url });
      return compose(rendered, { from: FROM, to: r.recipient, messageId: r.message_id, bulk: r.category === 'bulk', unsubscribeUrl: url });
    });
  };
  const timeBaseline = async (messages: (SendMailOptions & { messageId: string })[], lanes: number) => {
    const transporter = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: CONCURRENCY, maxMessages: 1000 });
    sink.reset();
    let next = 0;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < messages.length) await transporter.sendMail(messages[next++]);
      }),
    );
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const used = cpuMs(cpu);
    transporter.close();
    return { ms, sent: messages.length, cpuMs: used };
  };

  // Warm-up of both paths (JIT, connection pools, prepared plans), not measured.
  await enqueue(WARMUP, 'warm');
  await timeWorker();
  const warmMessages = await prerender('warm');
  await timeBaseline(warmMessages, CONCURRENCY);
  await timeBaseline(warmMessages, 1);

  // Machines here are shared and noisy: worker and baseline runs alternate, REPEATS times, and
  // the ratio compares their total throughput over all repeats.
  const repeats: { worker: Timing; baseline: Timing; sequential: Timing; ratio: number }[] = [];
  let allOnce = true;
  for (let r = 1; r <= REPEATS; r++) {
    const tag = `bench${r}`;
    await enqueue(EMAILS, tag);
    const w = await timeWorker();
    const counts = sink.counts();
    const [{ unsent }] = await tx.manager.query(`SELECT count(*)::int AS unsent FROM email_outbox WHERE recipient LIKE $1 AND status <> 'sent'`, [`${tag}-%`]);
    const workerOnce = [...counts.values()].filter((n) => n === 1).length;
    const workerTiming: Timing = { ...w, receivedOnce: workerOnce, duplicates: sink.duplicates(), notSent: unsent };
    const messages = await prerender(tag);
    const b = await timeBaseline(messages, CONCURRENCY);
    const baselineTiming: Timing = { ...b, receivedOnce: [...sink.counts().values()].filter((n) => n === 1).length, duplicates: sink.duplicates(), notSent: 0 };
    const q = await timeBaseline(messages, 1);
    const sequentialTiming: Timing = { ...q, receivedOnce: [...sink.counts().values()].filter((n) => n === 1).length, duplicates: sink.duplicates(), notSent: 0 };
    allOnce &&= workerOnce === EMAILS && workerTiming.duplicates === 0 && unsent === 0 && baselineTiming.receivedOnce === EMAILS && sequentialTiming.receivedOnce === EMAILS;
    repeats.push({ worker: workerTiming, baseline: baselineTiming, sequential: sequentialTiming, ratio: Number((perSec(workerTiming) / perSec(baselineTiming)).toFixed(3)) });
  }

  const total = (k: 'worker' | 'baseline' | 'sequential') => ({ ms: repeats.reduce((s, x) => s + x[k].ms, 0), sent: repeats.reduce((s, x) => s + x[k].sent, 0) });
  const ratio = perSec(total('worker')) / perSec(total('baseline'));
  const pgVersion: string = (await tx.manager.query(`SHOW server_version`))[0].server_version;
  const result = guardResult({
    benchmark: 'B5 email',
    date: new Date().toISOString(),
    emails: EMAILS,
    repeats: REPEATS,
    mix: '80% donation receipts, 20% bulk sponsor updates; 2/3 en, 1/3 de; every one with an unsubscribe link',
    smtpPoolConnections: CONCURRENCY,
    worker: { perSecond: Math.round(perSec(total('worker'))), runs: repeats.map((x) => ({ ...x.worker, ms: Math.round(x.worker.ms), perSecond: Math.round(perSec(x.worker)) })) },
    baseline: {
      description: 'nodemailer pooled transport (same pool size), the same pre-rendered messages, bare loop with as many lanes as the worker',
      perSecond: Math.round(perSec(total('baseline'))),
      runs: repeats.map((x) => ({ ...x.baseline, ms: Math.round(x.baseline.ms), perSecond: Math.round(perSec(x.baseline)) })),
    },
    baselineSequential: {
      description: 'the same, literally one message after the other (for reference)',
      perSecond: Math.round(perSec(total('sequential'))),
      runs: repeats.map((x) => ({ ...x.sequential, ms: Math.round(x.sequential.ms), perSecond: Math.round(perSec(x.sequential)) })),
    },
    ratio: Number(ratio.toFixed(3)),
    ratioVsSequential: Number((perSec(total('worker')) / perSec(total('sequential'))).toFixed(3)),
    ratioPerRepeat: repeats.map((x) => x.ratio),
    target: TARGET,
    meetsTarget: ratio >= TARGET && allOnce,
    everyMessageReceivedOnce: allOnce,
    machine: {
      nproc: availableParallelism(),
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryMiB: Math.round(totalmem() / 1024 / 1024),
      node: process.version,
      postgres: db.embedded ? `PGlite (embedded) ${pgVersion}` : pgVersion,
      os: safe(() => execFileSync('uname', ['-sr']).toString().trim()),
      loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    },
  });

  const out = join(projectRoot(), 'bench', 'results', 'email.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  const label = { worker: 'outbox worker', baseline: `baseline (${CONCURRENCY} lanes)`, sequential: 'baseline (1 lane)' };
  const rowsOf = (k: 'worker' | 'baseline' | 'sequential') =>
    Object.fromEntries(
      repeats.map((x, i) => [
        `${label[k]} #${i + 1}`,
        {
          ms: Math.round(x[k].ms),
          'emails/s': Math.round(perSec(x[k])),
          'node CPU ms/email': Number((x[k].cpuMs / x[k].sent).toFixed(2)),
          'received once': x[k].receivedOnce,
          duplicates: x[k].duplicates,
        },
      ]),
    );
  console.table({
    ...rowsOf('worker'),
    ...rowsOf('baseline'),
    ...rowsOf('sequential'),
  });
  console.log(
    `B5 email: ${REPEATS} × ${EMAILS} emails, worker ${result.worker.perSecond}/s vs baseline ${result.baseline.perSecond}/s, ratio ${result.ratio} (target ≥ ${TARGET}) ${result.meetsTarget ? 'MET' : 'MISSED'}; vs the one-lane loop ${result.baselineSequential.perSecond}/s: ${result.ratioVsSequential}; every message received once: ${allOnce}`,
  );
  console.log(`wrote ${out}`);

  await app.close();
  await sink.stop();
  await db.drop();
  const { stopEmbeddedDatabase } = await import('../src/database/database-url.js');
  await stopEmbeddedDatabase();
  if (!result.meetsTarget) process.exitCode = 1;
}

/** Where package.json is, whether this runs compiled (dist/bench/) or from bench/ through a loader. */
function projectRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

function safe(f: () => string): string {
  try {
    return f();
  } catch {
    return 'unknown';
  }
}

// main() configures its app through process.env: restored afterwards for the benchmarks after it.
export default (): Promise<void> => withOwnEnv(main);
