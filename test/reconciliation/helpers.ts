import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StripeFake } from '../fakes/stripe-fake.js';
import { randomIban, upload } from '../imports/import-helpers.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

export const SECRET = 'whsec_reconciliation_spec';
type Obj = Record<string, any>;
export type Auth = { Authorization: string };

export interface World {
  t: TestApp;
  fake: StripeFake;
  ds: DataSource;
  auth: Auth;
  close(): Promise<void>;
}

export async function world(): Promise<World> {
  const fake = await StripeFake.start();
  const t = await createTestApp({ STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_SECRET_KEY: 'sk_test_recon', STRIPE_API_BASE: fake.url, LOGIN_RATE_LIMIT_PER_MINUTE: '10000' });
  const auth = (await t.userWith('treasurer')).auth;
  return {
    t,
    fake,
    ds: t.app.get(DataSource),
    auth,
    async close() {
      await t.close();
      await fake.stop();
    },
  };
}

export const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export async function webhook(w: World, type: string, object: Obj): Promise<void> {
  const payload = JSON.stringify(w.fake.event(type, object));
  const res = await w.t.http.post('/api/v1/webhooks/stripe').set('content-type', 'application/json').set('stripe-signature', StripeFake.sign(payload, SECRET)).send(payload);
  if (res.status !== 200) throw new Error(`webhook ${type}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Stripe's sync from the beginning (an earlier sync of this file may have moved the cursor past our old dates). */
export async function syncAll(w: World) {
  await w.ds.query(`UPDATE stripe_sync_state SET balance_cursor = 0, payout_cursor = 0 WHERE id = 1`);
  return (await w.t.http.post('/api/v1/stripe/sync').set(w.auth).expect(200)).body;
}

export interface BankRow {
  date: string;
  amount: string;
  counterparty: string;
  description: string;
  reference?: string;
  currency?: string;
}

/** A bank statement CSV for a fresh account, imported through the imports endpoint with its own profile. */
export async function importBank(w: World, rows: BankRow[]): Promise<Map<string, string>> {
  const profile = `recon-${randomBytes(4).toString('hex')}`;
  const account = randomIban();
  await w.t.http
    .post('/api/v1/imports/profiles')
    .set(w.auth)
    .send({
      name: profile,
      delimiter: ';',
      decimalSeparator: ',',
      dateColumn: 'Date',
      dateFormat: 'YYYY-MM-DD',
      amountColumn: 'Amount',
      currencyColumn: 'Currency',
      descriptionColumns: ['Purpose'],
      referenceColumn: 'Reference',
      counterpartyColumn: 'Counterparty',
      account,
    })
    .expect(201);
  const csv =
    [
      'Date;Amount;Currency;Counterparty;Purpose;Reference',
      ...rows.map((r) => [r.date, r.amount, r.currency ?? 'EUR', r.counterparty, r.description, r.reference ?? ''].join(';')),
    ].join('\n') + '\n';
  const res = await upload(w.t, w.auth, Buffer.from(csv), { kind: 'bank', profile, filename: `${profile}.csv` }).expect(201);
  if (res.body.errors.length) throw new Error(JSON.stringify(res.body.errors));
  const lines: { id: string; description: string }[] = await w.ds.query(`SELECT id, description FROM bank_lines WHERE account = $1`, [account]);
  return new Map(lines.map((l) => [l.description, l.id]));
}

const EARNINGS_HEADER =
  'Month,Currency,Membership charges - web,Membership charges - iOS app,Shop charges - web,Shop charges - iOS app,Total gross revenue,Patreon fee,Taxes on fees,Total platform fee,Processing fee,Currency conversion fee,iOS App Store fee,Total payment fee,Merch items and shipping,Refunds,Net earnings - membership - web,Net earnings - membership - iOS app,Net earnings - shop - web,Net earnings - shop - iOS app,Your total earnings';

/** A Patreon earnings export with one month: gross, platform fee, payment fee, net (decimal strings). */
export async function importPatreon(w: World, month: string, currency: string, gross: string, platform: string, payment: string, net: string) {
  const row = `${month},${currency},${gross},0.00,0.00,0.00,${gross},-${platform},0.00,-${platform},-${payment},0.00,0.00,-${payment},0.00,0.00,${net},0.00,0.00,0.00,${net}`;
  const res = await upload(w.t, w.auth, Buffer.from(`${EARNINGS_HEADER}\n${row}\n`), { kind: 'patreon', filename: `earnings-${month}.csv` }).expect(201);
  if (res.body.errors.length) throw new Error(JSON.stringify(res.body.errors));
  const [pp] = await w.ds.query(`SELECT id FROM provider_payouts WHERE provider = 'patreon' AND external_id = $1`, [`earnings:${month}:${currency}`]);
  return pp.id as string;
}

export async function importSpring(w: World, rows: { id: string; date: string; gross: string; fees: string; net: string; currency: string }[]) {
  const csv =
    [
      'Payout ID,Payout Date,Period Start,Period End,Gross Amount,Fees,Net Amount,Currency,Status,Payout Method',
      ...rows.map((r) => `${r.id},${r.date},,,${r.gross},${r.fees},${r.net},${r.currency},Paid,PayPal`),
    ].join('\n') + '\n';
  const res = await upload(w.t, w.auth, Buffer.from(csv), { kind: 'merch', filename: `spring-${rows[0].id}.csv` }).expect(201);
  if (res.body.errors.length) throw new Error(JSON.stringify(res.body.errors));
  const found: { id: string; external_id: string }[] = await w.ds.query(`SELECT id, external_id FROM provider_payouts WHERE provider = 'merch' AND external_id = ANY($1)`, [
    rows.map((r) => r.id),
  ]);
  return new Map(found.map((f) => [f.external_id, f.id]));
}

export function run(w: World, from: string, to: string) {
  return w.t.http.post('/api/v1/reconciliation/runs').set(w.auth).send({ from, to });
}

/** Items of a run as "kind rule state" strings, sorted, for exact comparison. */
export function shape(items: { kind: string; rule: string; state: string }[]): string[] {
  return items.map((i) => `${i.kind} ${i.rule} ${i.state}`).sort();
}
