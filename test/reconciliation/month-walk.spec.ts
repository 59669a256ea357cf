import { randomUUID } from 'node:crypto';
import { at, importBank, importPatreon, importSpring, run, shape, syncAll, webhook, World, world } from './helpers.js';

/**
 * A month walked end to end (March 2019, a month no other test touches): Stripe charges by
 * webhook and one whose webhook never came, a Stripe payout, a Patreon earnings export, a
 * Spring payout, a bank statement → run → a suggestion accepted by hand, an unknown deposit
 * classified as a donation → close → the statement → the closed month refuses postings.
 */
describe('reconciliation: a month walked end to end', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 60_000);
  afterAll(() => w.close());

  it('matches by rule, takes human decisions, closes the month and guards it', async () => {
    const { fake, t, ds, auth } = w;
    const c1 = fake.charge({ amount: 10000, currency: 'EUR', fee: 175, created: at('2019-03-02T10:00:00Z'), email: `a-${randomUUID()}@example.org` });
    const c2 = fake.charge({ amount: 5000, currency: 'EUR', fee: 100, created: at('2019-03-03T10:00:00Z') });
    const c3 = fake.charge({ amount: 3000, currency: 'EUR', fee: 70, created: at('2019-03-04T10:00:00Z') }); // webhook lost
    const po = fake.payout({ amount: 14725, currency: 'EUR', status: 'paid', created: at('2019-03-10T00:00:00Z'), arrival: at('2019-03-12T00:00:00Z') });
    await webhook(w, 'charge.succeeded', c1);
    await webhook(w, 'charge.succeeded', c2);
    await webhook(w, 'payout.paid', po);
    const sync = await syncAll(w);
    expect(sync.donationsCreated).toBe(1);

    const patreon = await importPatreon(w, '2019-02', 'EUR', '200.00', '16.00', '8.00', '176.00');
    const merchId = `PO-${randomUUID().slice(0, 8)}`;
    const merch = (await importSpring(w, [{ id: merchId, date: '2019-03-15', gross: '48.00', fees: '2.70', net: '45.30', currency: 'EUR' }])).get(merchId)!;
    const lines = await importBank(w, [
      { date: '2019-03-13', amount: '147,25', counterparty: 'STRIPE PAYMENTS EUROPE', description: 'stripe payout', reference: po.id },
      { date: '2019-03-05', amount: '176,00', counterparty: 'Patreon, Inc.', description: 'patreon payout' },
      { date: '2019-03-16', amount: '45,30', counterparty: 'PayPal Europe', description: 'paypal transfer' },
      { date: '2019-03-20', amount: '250,00', counterparty: 'Jane Doe', description: 'Spende' },
    ]);

    const first = await run(w, '2019-03-01', '2019-03-31').expect(201);
    expect(first.body).toMatchObject({ matched: 5, suggested: 1, unmatched: 1 });
    expect(shape(first.body.items)).toEqual([
      'missing_webhook charge_source matched',
      'provider_payout amount_date_only suggested',
      'provider_payout provider_amount_window matched',
      'stripe_payout payout_reference matched',
      'unidentified_deposit no_candidate open',
    ]);
    expect(first.body.byRule).toEqual(expect.arrayContaining([{ kind: 'stripe_donation', rule: 'charge_source', state: 'matched', count: 2 }]));
    const byLine = (desc: string) => first.body.items.find((i: { bankLine: { id: string } | null }) => i.bankLine?.id === lines.get(desc));
    expect(byLine('stripe payout')).toMatchObject({ payout: { externalId: po.id, provider: 'stripe' } });
    expect(byLine('patreon payout')).toMatchObject({ payout: { id: patreon, provider: 'patreon' } });
    const suggestion = byLine('paypal transfer');
    expect(suggestion).toMatchObject({ state: 'suggested', payout: { id: merch, provider: 'merch' } });
    const [flag] = await ds.query(`SELECT reconciliation_flag FROM donations WHERE external_id = $1`, [c3.id]);
    expect(flag.reconciliation_flag).toBe('missing_webhook');

    const refused = await t.http.post('/api/v1/periods/2019-03/close').set(auth).expect(409);
    expect(refused.body.message).toMatch(/2019-03 cannot be closed/);
    expect(refused.body.details.map((d: { kind: string; bankLineId: string }) => `${d.kind} ${d.bankLineId}`).sort()).toEqual(
      [`pending_suggestion ${lines.get('paypal transfer')}`, `unmatched_bank_line ${lines.get('paypal transfer')}`, `unmatched_bank_line ${lines.get('Spende')}`].sort(),
    );

    const accepted = await t.http.post('/api/v1/reconciliation/matches').set(auth).send({ suggestionId: suggestion.id }).expect(201);
    expect(accepted.body).toMatchObject({ kind: 'provider_payout', rule: 'accepted:amount_date_only', state: 'matched', source: 'manual' });
    const sponsorEmail = `jane-${randomUUID()}@example.org`;
    const classified = await t.http
      .post(`/api/v1/bank-lines/${lines.get('Spende')}/classify`)
      .set(auth)
      .send({ as: 'donation', fund: 'general', sponsor: { name: 'Jane Doe', email: sponsorEmail }, note: 'Jane confirmed by mail' })
      .expect(201);
    expect(classified.body).toMatchObject({ matchState: 'classified', as: 'donation' });
    await t.http
      .post(`/api/v1/bank-lines/${lines.get('Spende')}/classify`)
      .set(auth)
      .send({ as: 'not_donation', note: 'again' })
      .expect(409);

    // A rerun leaves every human decision as it was and finds nothing new.
    const second = await run(w, '2019-03-01', '2019-03-31').expect(201);
    expect(second.body).toMatchObject({ matched: 0, suggested: 0, unmatched: 0 });
    const states = await ds.query(`SELECT description, match_state FROM bank_lines WHERE id = ANY($1) ORDER BY description COLLATE "C"`, [[...lines.values()]]);
    expect(states).toEqual([
      { description: 'Spende', match_state: 'classified' },
      { description: 'patreon payout', match_state: 'matched' },
      { description: 'paypal transfer', match_state: 'matched' },
      { description: 'stripe payout', match_state: 'matched' },
    ]);
    const [{ manual }] = await ds.query(`SELECT count(*)::int AS manual FROM reconciliation_matches WHERE bank_line_id = ANY($1) AND source = 'manual' AND active`, [
      [...lines.values()],
    ]);
    expect(manual).toBe(2);
    const reconciled = await ds.query(
      `SELECT channel, count(*)::int AS n FROM donations WHERE received_at >= '2019-03-01' AND received_at < '2019-04-01' AND reconciled_at IS NOT NULL GROUP BY channel ORDER BY channel`,
    );
    expect(reconciled).toEqual([
      { channel: 'bank', n: 1 },
      { channel: 'merch', n: 1 },
      { channel: 'patreon', n: 1 },
      { channel: 'stripe', n: 3 },
    ]);

    const closed = await t.http.post('/api/v1/periods/2019-03/close').set(auth).expect(200);
    expect(closed.body).toMatchObject({ month: '2019-03', state: 'closed', openItems: [] });
    // Other test files may have posted before March 2019: openings come from the ledger as of 28 Feb.
    const before = await t.http.get('/api/v1/ledger/accounts?asOf=2019-02-28&fund=general&currency=EUR').set(auth).expect(200);
    const opening = new Map<string, number>(before.body.items.map((i: { account: string; balance: number }) => [i.account, i.balance]));
    type Moves = Partial<Record<'donations' | 'fees' | 'refunds' | 'payouts' | 'other', number>>;
    const moves: Record<string, Moves> = {
      'assets:bank': { donations: 25000, payouts: 14725 + 17600 + 4530 },
      'assets:merch': { donations: 4530, payouts: -4530 },
      'assets:patreon': { donations: 17600, payouts: -17600 },
      'assets:stripe': { donations: 9825 + 4900 + 2930, payouts: -14725 },
      'expenses:fees:merch': { donations: 270 },
      'expenses:fees:patreon': { donations: 2400 },
      'expenses:fees:stripe': { donations: 345 },
      'income:donations:bank': { donations: -25000 },
      'income:donations:merch': { donations: -4800 },
      'income:donations:patreon': { donations: -20000 },
      'income:donations:stripe': { donations: -18000 },
    };
    const accounts = [...new Set([...opening.keys(), ...Object.keys(moves)])].sort();
    const expected = accounts.map((account) => {
      const m = { donations: 0, fees: 0, refunds: 0, payouts: 0, other: 0, ...moves[account] };
      const open = opening.get(account) ?? 0;
      return { account, fund: 'general', currency: 'EUR', opening: open, ...m, closing: open + m.donations + m.fees + m.refunds + m.payouts + m.other };
    });
    // March's own figures, whatever came before: bank +618.55, Stripe +29.30 left after the payout.
    const march = (account: string) => {
      const r = expected.find((e) => e.account === account)!;
      return r.closing - r.opening;
    };
    expect([march('assets:bank'), march('assets:stripe'), march('income:donations:stripe')]).toEqual([61855, 2930, -18000]);
    // The test database is shared: other files leave balances in other funds before March 2019.
    // This walk moved money only in the general fund; every other line of the statement is still.
    type Line = (typeof expected)[number];
    const general = (lines: Line[]) => lines.filter((l) => l.fund === 'general' && l.currency === 'EUR');
    expect(general(closed.body.statement)).toEqual(expected);
    for (const other of (closed.body.statement as Line[]).filter((l) => l.fund !== 'general' || l.currency !== 'EUR')) expect(other.closing).toBe(other.opening);
    const stored = (await t.http.get('/api/v1/periods/2019-03').set(auth).expect(200)).body;
    expect(stored.state).toBe('closed');
    expect(stored.statement).toEqual(closed.body.statement);
    await t.http.post('/api/v1/periods/2019-03/close').set(auth).expect(409);

    // The closed month refuses postings: through the API (409 naming it) and in raw SQL.
    const late = await t.http.post('/api/v1/donations').set(auth).send({ channel: 'bank', amount: 100, currency: 'EUR', receivedAt: '2019-03-10' }).expect(409);
    expect(late.body.message).toMatch(/month 2019-03 is closed/);
    await expect(ds.query(`INSERT INTO journal_entries (kind, effective_date, description) VALUES ('manual', '2019-03-31', 'raw')`)).rejects.toThrow(/month 2019-03 is closed/);
    // A refund of a March donation is a correction: it lands today, in the open month.
    fake.refund(c1.id, 1000, at('2019-03-25T00:00:00Z'));
    await webhook(w, 'charge.refunded', fake.objects.get(c1.id)!);
    const [refund] = await ds.query(
      `SELECT to_char(e.effective_date, 'YYYY-MM-DD') AS date FROM journal_entries e JOIN donations d ON d.id = e.donation_id WHERE d.external_id = $1 AND e.kind = 'donation.refund'`,
      [c1.id],
    );
    expect(refund.date).toBe(new Date().toISOString().slice(0, 10));
    const check = await t.http.get('/api/v1/ledger/check').set(auth).expect(200);
    expect(check.body.ok).toBe(true);
    process.stdout.write(
      `Month walk 2019-03: run 1 matched ${first.body.matched}, suggested ${first.body.suggested}, open ${first.body.unmatched}; rerun 0/0/0; statement of ${expected.length} lines, March moved bank +618.55 EUR\n`,
    );
  }, 120_000);
});
