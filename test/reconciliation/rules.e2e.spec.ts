import { randomUUID } from 'node:crypto';
import { at, importBank, importPatreon, run, shape, syncAll, webhook, World, world } from './helpers.js';

type Case = [string, { payouts: { amount: number; arrivalDay: number; ref?: boolean }[]; lines: { day: number; amount: string; counterparty: string; ref?: number }[] }, string[]];

/**
 * The payout ↔ bank-credit rules through the real run (SQL), one month per case so cases never
 * see each other's rows. Stripe payouts arrive on the given day by webhook; bank lines come
 * from an imported statement.
 */
describe('reconciliation rules (run SQL), one month per case', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 60_000);
  afterAll(() => w.close());

  const cases: Case[] = [
    [
      'payout id in the reference',
      { payouts: [{ amount: 10000, arrivalDay: 10 }], lines: [{ day: 11, amount: '100,00', counterparty: 'ACME', ref: 0 }] },
      ['stripe_payout payout_reference matched'],
    ],
    [
      'Stripe named, within the window',
      { payouts: [{ amount: 10000, arrivalDay: 10 }], lines: [{ day: 15, amount: '100,00', counterparty: 'Stripe Payments Europe' }] },
      ['stripe_payout provider_amount_window matched'],
    ],
    [
      'amount and date only: a suggestion, never a match',
      { payouts: [{ amount: 10000, arrivalDay: 10 }], lines: [{ day: 9, amount: '100,00', counterparty: 'ACME GmbH' }] },
      ['stripe_payout amount_date_only suggested'],
    ],
    [
      'two payouts of one amount, one credit: both suggested',
      {
        payouts: [
          { amount: 10000, arrivalDay: 10 },
          { amount: 10000, arrivalDay: 11 },
        ],
        lines: [{ day: 12, amount: '100,00', counterparty: 'STRIPE' }],
      },
      ['stripe_payout provider_amount_window suggested', 'stripe_payout provider_amount_window suggested'],
    ],
    [
      'one payout, two credits of its amount: both suggested',
      {
        payouts: [{ amount: 10000, arrivalDay: 10 }],
        lines: [
          { day: 11, amount: '100,00', counterparty: 'STRIPE' },
          { day: 12, amount: '100,00', counterparty: 'STRIPE' },
        ],
      },
      ['stripe_payout provider_amount_window suggested', 'stripe_payout provider_amount_window suggested'],
    ],
    [
      'amount off by one cent: nothing matched, both reported',
      { payouts: [{ amount: 10000, arrivalDay: 10 }], lines: [{ day: 10, amount: '100,01', counterparty: 'STRIPE' }] },
      ['payout_not_in_bank no_bank_credit open', 'unidentified_deposit no_candidate open'],
    ],
    [
      'booked 6 days after arrival: outside the window',
      { payouts: [{ amount: 10000, arrivalDay: 10 }], lines: [{ day: 16, amount: '100,00', counterparty: 'STRIPE' }] },
      ['payout_not_in_bank no_bank_credit open', 'unidentified_deposit no_candidate open'],
    ],
    ['payout never arrived', { payouts: [{ amount: 10000, arrivalDay: 10 }], lines: [] }, ['payout_not_in_bank no_bank_credit open']],
    ['unknown deposit', { payouts: [], lines: [{ day: 10, amount: '77,00', counterparty: 'Somebody' }] }, ['unidentified_deposit no_candidate open']],
  ];

  it.each(cases.map((c, i) => [...c, i] as const))(
    '%s',
    async (_name, spec, expected, i) => {
      const month = `2018-${String(i + 1).padStart(2, '0')}`;
      const payouts: { id: string }[] = [];
      for (const p of spec.payouts) {
        const po = w.fake.payout({
          amount: p.amount,
          currency: 'EUR',
          status: 'paid',
          created: at(`${month}-01T00:00:00Z`),
          arrival: at(`${month}-${String(p.arrivalDay).padStart(2, '0')}T00:00:00Z`),
        });
        await webhook(w, 'payout.paid', po);
        payouts.push(po as { id: string });
      }
      if (spec.lines.length) {
        await importBank(
          w,
          spec.lines.map((l, n) => ({
            date: `${month}-${String(l.day).padStart(2, '0')}`,
            amount: l.amount,
            counterparty: l.counterparty,
            description: `case ${i} line ${n}`,
            reference: l.ref === undefined ? '' : `payout ${payouts[l.ref].id}`,
          })),
        );
      }
      const res = await run(w, `${month}-01`, `${month}-28`).expect(201);
      expect(shape(res.body.items)).toEqual([...expected].sort());
    },
    60_000,
  );

  it('plants every anomaly in one month and finds each, with no false match', async () => {
    const { fake, ds, t, auth } = w;
    const good = fake.charge({ amount: 4000, currency: 'EUR', fee: 90, created: at('2017-06-02T10:00:00Z') });
    await webhook(w, 'charge.succeeded', good);
    const lost = fake.charge({ amount: 2500, currency: 'EUR', fee: 60, created: at('2017-06-03T10:00:00Z') }); // missing webhook
    const phantom = fake.charge({ amount: 1800, currency: 'EUR', fee: 40, created: at('2017-06-04T10:00:00Z') });
    await webhook(w, 'charge.succeeded', phantom);
    // Stripe's balance never lists the phantom charge.
    fake.balanceTransactions.splice(
      fake.balanceTransactions.findIndex((bt) => bt.source === phantom.id),
      1,
    );
    const paid = fake.payout({ amount: 3910, currency: 'EUR', status: 'paid', created: at('2017-06-05T00:00:00Z'), arrival: at('2017-06-07T00:00:00Z') });
    const offByCent = fake.payout({ amount: 2440, currency: 'EUR', status: 'paid', created: at('2017-06-10T00:00:00Z'), arrival: at('2017-06-12T00:00:00Z') });
    const neverArrived = fake.payout({ amount: 5555, currency: 'EUR', status: 'paid', created: at('2017-06-15T00:00:00Z'), arrival: at('2017-06-17T00:00:00Z') });
    for (const po of [paid, offByCent, neverArrived]) await webhook(w, 'payout.paid', po);
    await syncAll(w);
    const lines = await importBank(w, [
      { date: '2017-06-08', amount: '39,10', counterparty: 'STRIPE', description: 'anomaly good payout', reference: paid.id },
      { date: '2017-06-12', amount: '24,41', counterparty: 'STRIPE', description: 'anomaly off by one cent' },
      { date: '2017-06-20', amount: '99,00', counterparty: 'Unknown person', description: 'anomaly unknown deposit' },
    ]);
    const res = await run(w, '2017-06-01', '2017-06-30').expect(201);
    const items: { kind: string; rule: string; state: string; donationId: string | null; bankLine: { id: string } | null; payout: { externalId: string } | null }[] =
      res.body.items;
    const [lostDonation] = await ds.query(`SELECT id FROM donations WHERE external_id = $1`, [lost.id]);
    const [phantomDonation] = await ds.query(`SELECT id FROM donations WHERE external_id = $1`, [phantom.id]);
    const found = {
      missingWebhook: items.some((i) => i.kind === 'missing_webhook' && i.donationId === lostDonation.id),
      notInStripe: items.some((i) => i.kind === 'donation_not_in_stripe' && i.donationId === phantomDonation.id),
      offByCentDeposit: items.some((i) => i.kind === 'unidentified_deposit' && i.bankLine?.id === lines.get('anomaly off by one cent')),
      offByCentPayout: items.some((i) => i.kind === 'payout_not_in_bank' && i.payout?.externalId === offByCent.id),
      neverArrived: items.some((i) => i.kind === 'payout_not_in_bank' && i.payout?.externalId === neverArrived.id),
      unknownDeposit: items.some((i) => i.kind === 'unidentified_deposit' && i.bankLine?.id === lines.get('anomaly unknown deposit')),
    };
    expect(found).toEqual({ missingWebhook: true, notInStripe: true, offByCentDeposit: true, offByCentPayout: true, neverArrived: true, unknownDeposit: true });
    // The only payout match is the real one; the donation matches are the two Stripe knows.
    const matched = items.filter((i) => i.state === 'matched').map((i) => `${i.kind} ${i.payout?.externalId ?? i.donationId}`);
    expect(matched.sort()).toEqual([`missing_webhook ${lostDonation.id}`, `stripe_payout ${paid.id}`].sort());
    expect(res.body.byRule).toEqual(expect.arrayContaining([{ kind: 'stripe_donation', rule: 'charge_source', state: 'matched', count: 1 }]));
    expect(res.body.suggested).toBe(0);
    const falseMatches = items.filter((i) => i.state === 'matched' && i.bankLine && i.bankLine.id !== lines.get('anomaly good payout')).length;
    process.stdout.write(`Planted anomalies 2017-06: ${Object.values(found).filter(Boolean).length}/6 found, ${falseMatches} false matches\n`);
    expect(falseMatches).toBe(0);

    // Undo the payout match by hand: the line opens again, a rerun never proposes that pair again.
    const match = items.find((i) => i.kind === 'stripe_payout')! as unknown as { id: string };
    await t.http.delete(`/api/v1/reconciliation/matches/${match.id}`).set(auth).expect(200);
    const [line] = await ds.query(`SELECT match_state FROM bank_lines WHERE id = $1`, [lines.get('anomaly good payout')]);
    expect(line.match_state).toBe('unmatched');
    const rerun = await run(w, '2017-06-01', '2017-06-30').expect(201);
    expect(rerun.body.items.filter((i: { kind: string; state: string }) => i.kind === 'stripe_payout')).toEqual([]);
    // …and a person can match it again.
    const [po] = await ds.query(`SELECT id FROM payouts WHERE external_id = $1`, [paid.id]);
    await t.http
      .post('/api/v1/reconciliation/matches')
      .set(auth)
      .send({ bankLineId: lines.get('anomaly good payout'), payoutId: po.id, note: 'checked' })
      .expect(201);
    await t.http
      .post('/api/v1/reconciliation/matches')
      .set(auth)
      .send({ bankLineId: lines.get('anomaly off by one cent'), payoutId: (await ds.query(`SELECT id FROM payouts WHERE external_id = $1`, [offByCent.id]))[0].id })
      .expect(409);
    const audit = await ds.query(`SELECT action FROM audit_log WHERE entity = 'reconciliation_match' AND entity_id = $1 ORDER BY seq`, [match.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['reconciliation.unmatch']);
  }, 120_000);

  it('undoing a Patreon match reverses only its transfer; matching again books a fresh transfer and no second donation', async () => {
    const { ds, t, auth } = w;
    const payout = await importPatreon(w, '2016-01', 'EUR', '100.00', '8.00', '4.00', '88.00');
    const lines = await importBank(w, [{ date: '2016-02-03', amount: '88,00', counterparty: 'PATREON', description: `patreon ${randomUUID()}` }]);
    const lineId = [...lines.values()][0];
    const first = await run(w, '2016-02-01', '2016-02-29').expect(201);
    const match = first.body.items.find((i: { kind: string }) => i.kind === 'provider_payout');
    expect(match).toMatchObject({ rule: 'provider_amount_window', state: 'matched', payout: { id: payout } });
    await t.http.delete(`/api/v1/reconciliation/matches/${match.id}`).set(auth).expect(200);
    await t.http.post('/api/v1/reconciliation/matches').set(auth).send({ bankLineId: lineId, providerPayoutId: payout }).expect(201);
    const [{ donations }] = await ds.query(`SELECT count(*)::int AS donations FROM donations WHERE channel = 'patreon' AND external_id = 'earnings:2016-01:EUR'`);
    expect(donations).toBe(1);
    const [{ bank }] = await ds.query(
      `SELECT sum(p.amount)::int AS bank FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN donations d ON d.id = e.donation_id
       WHERE d.external_id = 'earnings:2016-01:EUR' AND p.account = 'assets:bank'`,
    );
    expect(bank).toBe(8800);
  }, 60_000);

  it.each([
    ['to before from', { from: '2019-03-10', to: '2019-03-01' }],
    ['not a date', { from: '2019-02-30', to: '2019-03-01' }],
    ['a time, not a date', { from: '2019-03-01T00:00:00Z', to: '2019-03-02' }],
    ['unknown field', { from: '2019-03-01', to: '2019-03-02', force: true }],
    ['more than a year', { from: '2017-01-01', to: '2019-03-02' }],
  ])('a run with %s is a 400 and writes nothing', async (_name, body) => {
    const [{ before }] = await w.ds.query(`SELECT count(*)::int AS before FROM reconciliation_runs`);
    const res = await w.t.http.post('/api/v1/reconciliation/runs').set(w.auth).send(body).expect(400);
    expect(res.body.message).toBeTruthy();
    const [{ after }] = await w.ds.query(`SELECT count(*)::int AS after FROM reconciliation_runs`);
    expect(after).toBe(before);
  });

  it('refuses bad manual matches and classifications with clear answers', async () => {
    const { t, auth } = w;
    const lines = await importBank(w, [
      { date: '2015-05-05', amount: '-12,00', counterparty: 'Bank', description: 'fee debit' },
      { date: '2015-05-06', amount: '12,00', counterparty: 'X', description: 'credit' },
    ]);
    await t.http
      .post(`/api/v1/bank-lines/${lines.get('fee debit')}/classify`)
      .set(auth)
      .send({ as: 'donation', note: 'no' })
      .expect(409);
    await t.http
      .post(`/api/v1/bank-lines/${lines.get('fee debit')}/classify`)
      .set(auth)
      .send({ as: 'not_donation', note: 'bank fee' })
      .expect(201);
    await t.http.post(`/api/v1/bank-lines/${randomUUID()}/classify`).set(auth).send({ as: 'not_donation', note: 'x' }).expect(404);
    await t.http
      .post(`/api/v1/bank-lines/${lines.get('credit')}/classify`)
      .set(auth)
      .send({ as: 'maybe', note: 'x' })
      .expect(400);
    await t.http
      .post(`/api/v1/bank-lines/${lines.get('credit')}/classify`)
      .set(auth)
      .send({ as: 'not_donation', fund: 'general', note: 'x' })
      .expect(400);
    await t.http
      .post('/api/v1/reconciliation/matches')
      .set(auth)
      .send({ bankLineId: lines.get('credit') })
      .expect(400);
    await t.http
      .post('/api/v1/reconciliation/matches')
      .set(auth)
      .send({ bankLineId: lines.get('credit'), payoutId: randomUUID() })
      .expect(404);
    await t.http.post('/api/v1/reconciliation/matches').set(auth).send({ suggestionId: randomUUID() }).expect(404);
    await t.http.delete(`/api/v1/reconciliation/matches/${randomUUID()}`).set(auth).expect(404);
    const board = (await t.userWith('board')).auth;
    await t.http.post('/api/v1/reconciliation/runs').set(board).send({ from: '2015-05-01', to: '2015-05-31' }).expect(403);
  });

  it('answers junk on every reconciliation and period write route with a 4xx, never a 5xx', async () => {
    const { randomUUID: id } = await import('node:crypto');
    const routes = [
      ['post', '/api/v1/reconciliation/runs'],
      ['post', '/api/v1/reconciliation/matches'],
      ['post', `/api/v1/bank-lines/${id()}/classify`],
      ['post', '/api/v1/bank-lines/not-a-uuid/classify'],
      ['post', `/api/v1/periods/${new Date().toISOString().slice(0, 7)}/close`],
      ['post', '/api/v1/periods/2013-5/close'],
      ['delete', '/api/v1/reconciliation/matches/not-a-uuid'],
    ] as const;
    const bodies: unknown[] = [
      [],
      'x',
      42,
      null,
      { from: 1, to: true },
      { as: 'donation' },
      { suggestionId: 'nope' },
      { bankLineId: id(), payoutId: id(), donationId: id() },
      { note: 'x'.repeat(3000), as: 'not_donation' },
    ];
    const bad: string[] = [];
    for (const [method, path] of routes) {
      for (const body of bodies) {
        const res = await w.t.http[method](path).set(w.auth).set('content-type', 'application/json').send(JSON.stringify(body));
        if (res.status >= 500 || res.status < 400) bad.push(`${method} ${path} ${JSON.stringify(body).slice(0, 40)} → ${res.status}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
