import { at, run, syncAll, webhook, World, world } from './helpers.js';

/**
 * The routine match (a Stripe donation and its charge's balance transaction, same amount) is held
 * by the donation, not a reconciliation_matches row (migration RoutineMatchOnDonation). What the
 * API shows of it and what a person can do with it stay as they were with rows: counted, listed,
 * found by id, undone with history, matched again by the next run, never twice. August 2016: a
 * month no other test touches.
 */
describe('reconciliation: the routine Stripe match is held by the donation', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 60_000);
  afterAll(() => w.close());

  const donationOf = async (charge: string) =>
    (
      await w.ds.query(`SELECT id, reconciled_at, reconciled_run_id AS "runId", balance_transaction AS bt FROM donations WHERE channel = 'stripe' AND external_id = $1`, [charge])
    )[0];

  /** EUR charges in August 2016 (amount, fee, day), each booked by its webhook, then Stripe's balance synced. */
  const booked = async (...charges: [number, number, string][]) => {
    const made = charges.map(([amount, fee, day]) => w.fake.charge({ amount, currency: 'EUR', fee, created: at(`2016-08-${day}T10:00:00Z`) }));
    for (const charge of made) await webhook(w, 'charge.succeeded', charge);
    await syncAll(w);
    return made;
  };

  it('is counted, listed, undone with history and matched again, never twice', async () => {
    const { t, ds, auth } = w;
    const [c1, c2] = await booked([2500, 60, '02'], [4000, 80, '03']);

    const first = await run(w, '2016-08-01', '2016-08-31').expect(201);
    expect(first.body).toMatchObject({ matched: 2, suggested: 0, unmatched: 0, items: [] });
    expect(first.body.byRule).toEqual([{ kind: 'stripe_donation', rule: 'charge_source', state: 'matched', count: 2 }]);

    const d1 = await donationOf(c1.id);
    expect(d1).toMatchObject({ runId: first.body.id, bt: c1.balance_transaction });
    expect(d1.reconciled_at).not.toBeNull();
    const [{ rows }] = await ds.query(`SELECT count(*)::int AS rows FROM reconciliation_matches WHERE run_id = $1`, [first.body.id]);
    expect(rows).toBe(0);

    // Listed and found like any match; its id is the donation's.
    const items = await t.http.get(`/api/v1/reconciliation/runs/${first.body.id}/items`).query({ kind: 'stripe_donation' }).set(auth).expect(200);
    expect(items.body.total).toBe(2);
    expect(items.body.items[0]).toMatchObject({
      id: d1.id,
      runId: first.body.id,
      kind: 'stripe_donation',
      rule: 'charge_source',
      state: 'matched',
      source: 'auto',
      active: true,
      amount: 2500,
      currency: 'EUR',
      date: '2016-08-02',
      donationId: d1.id,
      balanceTransactionId: c1.balance_transaction,
    });

    // Not a finding: it cannot be acknowledged.
    const ack = await t.http.post(`/api/v1/reconciliation/matches/${d1.id}/acknowledge`).set(auth).send({ reason: 'fine' }).expect(409);
    expect(ack.body.message).toMatch(/stripe_donation/);

    // Undone by a person: the donation is open again, the undo is kept as history (a row of its own).
    const undone = await t.http.delete(`/api/v1/reconciliation/matches/${d1.id}`).set(auth).expect(200);
    expect(undone.body).toMatchObject({
      runId: first.body.id,
      kind: 'stripe_donation',
      state: 'matched',
      active: false,
      donationId: d1.id,
      balanceTransactionId: c1.balance_transaction,
    });
    expect(undone.body.id).not.toBe(d1.id);
    expect(undone.body.undoneAt).not.toBeNull();
    expect(await donationOf(c1.id)).toMatchObject({ reconciled_at: null, runId: null });
    const again = await t.http.get(`/api/v1/reconciliation/runs/${first.body.id}`).set(auth).expect(200);
    expect(again.body.byRule).toEqual([{ kind: 'stripe_donation', rule: 'charge_source', state: 'matched', count: 2 }]);
    await t.http.delete(`/api/v1/reconciliation/matches/${d1.id}`).set(auth).expect(404);
    await t.http.delete(`/api/v1/reconciliation/matches/${undone.body.id}`).set(auth).expect(409);

    // The next run matches it again, the other one not twice.
    const second = await run(w, '2016-08-01', '2016-08-31').expect(201);
    expect(second.body).toMatchObject({ matched: 1, unmatched: 0 });
    expect(await donationOf(c1.id)).toMatchObject({ runId: second.body.id, bt: c1.balance_transaction });
    expect(await donationOf(c2.id)).toMatchObject({ runId: first.body.id });
    // Matched again, it can be undone again; its history and its new match never share an id.
    const kept = await t.http.get(`/api/v1/reconciliation/runs/${first.body.id}/items`).set(auth).expect(200);
    const d2 = await donationOf(c2.id);
    expect(kept.body.items.map((i: { id: string }) => i.id).sort()).toEqual([undone.body.id, d2.id].sort());
    const undoneAgain = await t.http.delete(`/api/v1/reconciliation/matches/${d1.id}`).set(auth).expect(200);
    expect(undoneAgain.body).toMatchObject({ runId: second.body.id, donationId: d1.id, active: false });
    await run(w, '2016-08-01', '2016-08-31').expect(201);
    const third = await run(w, '2016-08-01', '2016-08-31').expect(201);
    expect(third.body).toMatchObject({ matched: 0, suggested: 0, unmatched: 0 });
  });

  it('keeps what a match row guaranteed: one match per balance transaction, and the balance transaction stays', async () => {
    const { ds } = w;
    const [c, twin] = await booked([1200, 30, '20'], [1200, 30, '21']);
    const r = await run(w, '2016-08-01', '2016-08-31').expect(201);
    const d = await donationOf(c.id);
    expect(d.runId).toBe(r.body.id);

    await expect(ds.query(`DELETE FROM stripe_balance_transactions WHERE id = $1`, [d.bt])).rejects.toThrow(/keeps Stripe's records/);
    await expect(ds.query(`UPDATE stripe_balance_transactions SET id = id || 'x' WHERE id = $1`, [d.bt])).rejects.toThrow(/keeps Stripe's records/);
    const other = await donationOf(twin.id);
    await expect(ds.query(`UPDATE donations SET balance_transaction = $2 WHERE id = $1`, [other.id, d.bt])).rejects.toThrow(/donations_routine_match_key/);
    await expect(ds.query(`UPDATE donations SET reconciled_at = NULL WHERE id = $1`, [d.id])).rejects.toThrow(/donations_routine_match_check/);
  });
});
