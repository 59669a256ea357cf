import { randomUUID } from 'node:crypto';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { jwtSecret } from '../../src/auth/jwt-secret.js';
import { linkKey, resolveLinkRefs } from '../../src/common/links/link-token.js';
import type { TestApp } from '../setup/test-app.js';

export interface OutboxRow {
  template: string;
  recipient: string;
  locale: string;
  props: Record<string, unknown>;
  dedupeKey: string | null;
}

export function db(t: TestApp): DataSource {
  return t.app.get(DataSource);
}

/**
 * Every email queued for these recipients, oldest first, with its links written in as the
 * outbox worker writes them when sending (the outbox itself holds only references).
 */
export async function outboxFor(t: TestApp, ...recipients: string[]): Promise<OutboxRow[]> {
  const rows: OutboxRow[] = await rawOutboxFor(t, ...recipients);
  const config = t.app.get(ConfigService);
  const key = linkKey(jwtSecret(config.get<string>('JWT_SECRET'), config.getOrThrow<string>('DATA_DIR')));
  return rows.map((row) => ({ ...row, props: resolveLinkRefs(row.props, config.getOrThrow<string>('APP_URL'), key) }));
}

/** The outbox rows as stored. */
export function rawOutboxFor(t: TestApp, ...recipients: string[]): Promise<OutboxRow[]> {
  return db(t).query(`SELECT template, recipient, locale, props, dedupe_key AS "dedupeKey" FROM email_outbox WHERE recipient = ANY($1) ORDER BY created_at, id`, [
    recipients.map((r) => r.toLowerCase()),
  ]);
}

/** The token at the end of a link put into an email. */
export function tokenOf(url: unknown): string {
  const match = /\/([A-Za-z0-9_-]{43})$/.exec(String(url));
  if (!match) throw new Error(`no token in ${String(url)}`);
  return match[1];
}

export const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@applicant.test`;

export function interestBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Ada Applicant',
    email: uniqueEmail('ada'),
    areas: ['unix-signals', 'capability-security'],
    summary: 'Implement POSIX signal delivery in the Redox kernel and relibc.',
    consent: true,
    links: ['https://github.com/ada', 'https://ada.example.org/cv.pdf'],
    availability: '20 hours a week from January',
    expectedBudget: { amount: 2_650_000, currency: 'EUR' },
    ...overrides,
  };
}

export function grantBody(overrides: Record<string, unknown> = {}) {
  return {
    title: `Unix-style Signals ${randomUUID().slice(0, 6)}`,
    funder: 'NLnet',
    applicant: { name: 'Gina Grantee', email: uniqueEmail('gina') },
    requestedAmount: { amount: 3_000_000, currency: 'EUR' },
    programme: 'NGI Zero Core',
    ...overrides,
  };
}

export const TWO_MILESTONES = [
  { title: 'Signal delivery in the kernel', amount: 1_500_000, dueOn: '2027-03-31', deliverables: 'kernel MR merged' },
  { title: 'relibc sigaction and tests', amount: 1_150_000, dueOn: '2027-06-30' },
];
export const AWARD = { amount: 2_650_000, currency: 'EUR' };

/** A grant walked from drafting to active with TWO_MILESTONES; returns its id, milestones and grantee token. */
export async function activeGrant(t: TestApp, auth: { Authorization: string }, overrides: Record<string, unknown> = {}) {
  const body = grantBody(overrides);
  const created = await t.http.post('/api/v1/grants').set(auth).send(body).expect(201);
  const id: string = created.body.id;
  for (const status of ['submitted', 'in_review']) await t.http.post(`/api/v1/grants/${id}/status`).set(auth).send({ status }).expect(200);
  await t.http.post(`/api/v1/grants/${id}/status`).set(auth).send({ status: 'selected', awardedAmount: AWARD }).expect(200);
  const milestones = await t.http.put(`/api/v1/grants/${id}/milestones`).set(auth).send(TWO_MILESTONES).expect(200);
  await t.http.post(`/api/v1/grants/${id}/status`).set(auth).send({ status: 'active' }).expect(200);
  const [activation] = (await outboxFor(t, (body.applicant as { email: string }).email)).filter((r) => r.props.status === 'active');
  return {
    id,
    email: (body.applicant as { email: string }).email,
    milestoneIds: milestones.body.items.map((m: { id: string }) => m.id) as string[],
    token: tokenOf(activation.props.granteeUrl),
  };
}

export const EVIDENCE = { evidence: ['https://gitlab.redox-os.org/redox-os/kernel/-/merge_requests/1'], note: 'Merged and documented.' };
