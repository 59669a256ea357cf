import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { TransactionService } from '../database/transaction.service.js';
import { DonationsService } from '../donations/donations.service.js';
import { seedRolesDemo } from './demo-roles.js';

/**
 * A day `monthsAgo` months before `now` (negative: after), as `YYYY-MM-DD`. A day of this month or
 * an earlier one is never later than today: early in a month "the 12th of this month" is still to
 * come, and the API refuses a donation in the future (the first start on 1 December failed so).
 */
export function demoDay(monthsAgo: number, day: number, now: Date): string {
  const d = new Date(now);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - monthsAgo);
  d.setUTCDate(day);
  const date = d.toISOString().slice(0, 10);
  const today = now.toISOString().slice(0, 10);
  return monthsAgo >= 0 && date > today ? today : date;
}

/**
 * Demo data from SPEC §10, loaded on the embedded default's first start (or SEED_DEMO=1), so
 * every list and report shows something. It goes through the public API as an admin would
 * (same validation, same ledger entries, same emails into ./var/mail), except card donations,
 * which in real life only Stripe creates: those use the same `DonationsService.record` a
 * webhook uses.
 */
export async function seedDemo(app: NestFastifyApplication, adminId: string): Promise<{ donations: number; grants: number; roles: number; payments: number; expenses: number }> {
  const token = await app.get(JwtService).signAsync({ sub: adminId });
  const fastify = app.getHttpAdapter().getInstance();
  const call = async (method: 'POST' | 'PUT', url: string, payload: unknown, headers: Record<string, string> = {}) => {
    const res = await fastify.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${token}`, ...headers } });
    if (res.statusCode >= 300) throw new Error(`demo seed: ${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json() as { id: string } & Record<string, unknown>;
  };

  const ada = await call('POST', '/api/v1/sponsors', { name: 'Ada Lovelace', email: 'ada@example.org', kind: 'individual', locale: 'en' });
  const lukas = await call('POST', '/api/v1/sponsors', { name: 'Lukas Schmidt', email: 'lukas@example.de', kind: 'individual', locale: 'de', publicName: 'Lukas S.' });
  const acme = await call('POST', '/api/v1/sponsors', { name: 'Acme Hosting GmbH', email: 'finance@acme-hosting.example', kind: 'organization', locale: 'de' });
  const anon = await call('POST', '/api/v1/sponsors', { name: 'Quiet Supporter', email: 'quiet@example.net', anonymous: true, locale: 'en' });

  const now = new Date();
  const month = (monthsAgo: number, day: number) => demoDay(monthsAgo, day, now);
  // Patreon and merch pay out in USD; a recorded rate lets reports show them in EUR too.
  await call('POST', '/api/v1/rates', { date: month(7, 1), from: 'USD', to: 'EUR', rate: '0.92' });
  let donations = 0;
  const manual = async (body: Record<string, unknown>) => {
    await call('POST', '/api/v1/donations', body, { 'idempotency-key': randomUUID() });
    donations++;
  };
  for (let i = 5; i >= 0; i--) {
    await manual({
      channel: 'patreon',
      amount: 41250 + i * 900,
      fee: 4125,
      currency: 'USD',
      receivedAt: month(i, 5),
      reference: `Patreon payout ${month(i, 5).slice(0, 7)}`,
      externalId: `patreon-demo-${i}`,
    });
    await manual({ channel: 'bank', amount: 10000, currency: 'EUR', receivedAt: month(i, 12), sponsorId: lukas.id, reference: 'Dauerauftrag Redox OS', recurring: true });
  }
  await manual({ channel: 'merch', amount: 18640, fee: 0, currency: 'USD', receivedAt: month(2, 20), reference: 'Creator Spring payout', externalId: 'spring-demo-1' });
  await manual({ channel: 'bank', amount: 250000, currency: 'EUR', receivedAt: month(1, 3), sponsorId: acme.id, fund: 'general', reference: 'Sponsoring 2026' });
  await manual({
    channel: 'crypto',
    amount: 75000,
    currency: 'EUR',
    receivedAt: month(3, 9),
    sponsorId: anon.id,
    reference: 'Bitcoin donation address',
    anonymous: true,
    crypto: { asset: 'BTC', amount: '1250000', txHash: '4f2a9c0e7d61b35a8e04c9d2f7b1a6e3d5c8b0a9f1e2d3c4b5a69788796a5b4c' },
  });
  await manual({ channel: 'other', amount: 5000, currency: 'EUR', receivedAt: month(4, 14), sponsorId: lukas.id, fund: 'rsoc', reference: 'Scheck 1042' });

  const db = app.get(DataSource);
  const [general] = (await db.query(`SELECT id FROM funds WHERE code = 'general'`)) as { id: string }[];
  const [rsoc] = (await db.query(`SELECT id FROM funds WHERE code = 'rsoc'`)) as { id: string }[];
  await app.get(TransactionService).run(async (m) => {
    for (let i = 5; i >= 0; i--) {
      const amount = 2500n + BigInt(i) * 500n;
      await app.get(DonationsService).record(m, {
        channel: 'stripe',
        externalId: `ch_demo_${i}`,
        amount,
        fee: (amount * 29n) / 1000n + 25n,
        currency: 'EUR',
        receivedAt: new Date(Math.min(Date.parse(`${month(i, 17)}T10:00:00Z`), now.getTime())),
        sponsorId: ada.id,
        fundId: i % 2 ? general.id : rsoc.id,
        recurring: true,
        reference: 'Card donation (demo)',
      });
      donations++;
    }
  });

  const spending = await seedRolesDemo(app, call, month);
  donations += spending.donations;

  const commons = await call('POST', '/api/v1/calls', {
    funder: 'NLnet',
    programme: 'NGI Zero Commons Fund',
    deadline: `${month(-2, 1)}T12:00:00+02:00`,
    timeZone: 'Europe/Amsterdam',
    url: 'https://nlnet.nl/commonsfund/',
  });
  const signals = await call('POST', '/api/v1/grants', {
    title: 'Unix-style Signals for Redox',
    funder: 'NLnet',
    programme: 'NGI Zero Core',
    applicant: { name: 'Jo Kernelhacker', email: 'jo@example.org' },
    requestedAmount: { amount: 2650000, currency: 'EUR' },
    abstract: 'POSIX signal semantics in the kernel and relibc: delivery, masks, sigaltstack, and signals across exec.',
    externalRef: '2024-08-demo',
  });
  for (const status of ['submitted', 'in_review']) await call('POST', `/api/v1/grants/${signals.id}/status`, { status });
  await call('POST', `/api/v1/grants/${signals.id}/status`, { status: 'selected', awardedAmount: { amount: 2650000, currency: 'EUR' } });
  await call('PUT', `/api/v1/grants/${signals.id}/milestones`, [
    { title: 'Signal delivery in the kernel', amount: 800000, dueOn: month(-1, 15), deliverables: 'Kernel delivers signals to user space; tests in the acid suite' },
    { title: 'relibc sigaction, masks and sigaltstack', amount: 650000, dueOn: month(-3, 15), deliverables: 'relibc API complete, POSIX tests pass' },
    { title: 'Signals across exec and fork', amount: 650000, dueOn: month(-5, 15), deliverables: 'Inheritance rules implemented and documented' },
    { title: 'Documentation and upstreaming', amount: 550000, dueOn: month(-7, 15), deliverables: 'Book chapter, merged MRs' },
  ]);
  await call('POST', `/api/v1/grants/${signals.id}/status`, { status: 'active' });

  for (const [title, abstract] of [
    ['Capability-based security', 'Replace ambient authority in the scheme interface with capabilities.'],
    ['io_uring-like ring-buffer IO', 'Ring-buffer based asynchronous IO between user space and schemes.'],
  ]) {
    const grant = await call('POST', '/api/v1/grants', {
      title,
      funder: 'NLnet',
      programme: 'NGI Zero Commons Fund',
      callId: commons.id,
      applicant: {
        name: 'Redox contributor',
        email: `${title
          .split(' ')[0]
          .toLowerCase()
          .replace(/[^a-z]/g, '')}@example.org`,
      },
      requestedAmount: { amount: 4000000, currency: 'EUR' },
      abstract,
    });
    for (const status of ['submitted', 'in_review']) await call('POST', `/api/v1/grants/${grant.id}/status`, { status });
    await call('POST', `/api/v1/grants/${grant.id}/status`, { status: 'selected', awardedAmount: { amount: 4000000, currency: 'EUR' } });
    await call('PUT', `/api/v1/grants/${grant.id}/milestones`, [
      { title: '(example) Design and prototype', amount: 1500000, dueOn: month(-4, 1), deliverables: 'Example milestone: design document and prototype' },
      { title: '(example) Implementation', amount: 1500000, dueOn: month(-8, 1), deliverables: 'Example milestone: merged implementation' },
      { title: '(example) Tests and documentation', amount: 1000000, dueOn: month(-10, 1), deliverables: 'Example milestone: tests and docs' },
    ]);
  }

  const interest = async (payload: Record<string, unknown>, lang: string) => {
    const res = await fastify.inject({ method: 'POST', url: '/api/v1/interest', payload, headers: { 'accept-language': lang } });
    if (res.statusCode !== 202) throw new Error(`demo seed: interest answered ${res.statusCode}: ${res.body}`);
  };
  await interest(
    {
      name: 'Mina Park',
      email: 'mina@example.org',
      areas: ['virtiofs', 'qemu-on-redox'],
      summary: 'virtiofs driver so Redox guests can share folders with the host.',
      consent: true,
      availability: '15 h/week from January',
      expectedBudget: { amount: 1800000, currency: 'EUR' },
    },
    'en',
  );
  await interest(
    {
      name: 'Jonas Weber',
      email: 'jonas@example.de',
      areas: ['accessibility', 'internationalisation'],
      summary: 'Screen reader support and non-Latin keyboard layouts for Orbital.',
      consent: true,
      links: ['https://github.com/example'],
    },
    'de',
  );
  return { donations, grants: 3, roles: spending.roles, payments: spending.payments, expenses: spending.expenses };
}
