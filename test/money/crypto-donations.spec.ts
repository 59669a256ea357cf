import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../setup/test-app.js';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
type Body = Record<string, unknown>;

/** A crypto gift recorded in its coin, posted at its fiat value. */
describe('crypto donations', () => {
  let t: TestApp;
  let ds: DataSource;
  let auth: { Authorization: string };
  const post = (body: Body) => t.http.post('/api/v1/donations').set(auth).send(body);
  const gift = (crypto: Body, over: Body = {}): Body => ({ channel: 'crypto', amount: 312000, currency: 'EUR', receivedAt: '2026-09-14T10:00:00Z', crypto, ...over });

  beforeAll(async () => {
    t = await createTestApp();
    ds = t.app.get(DataSource);
    auth = (await t.userWith('treasurer')).auth;
  });
  afterAll(() => t.close());

  it('records 1.5 ETH (1.5e18 wei, beyond JS safe integers) with its hash, and posts the fiat valuation', async () => {
    const txHash = `0x${hex(32).toUpperCase()}`;
    const res = await post(gift({ asset: 'ETH', amount: '1500000000000000000', txHash })).expect(201);
    expect(res.body).toMatchObject({
      channel: 'crypto',
      amount: 312000,
      currency: 'EUR',
      net: 312000,
      crypto: { asset: 'ETH', amount: '1500000000000000000', decimals: 18, coinAmount: '1.5', txHash: txHash.toLowerCase() },
    });
    const [row] = await ds.query(`SELECT crypto_amount::text AS wei, crypto_tx_hash FROM donations WHERE id = $1`, [res.body.id]);
    expect(row).toEqual({ wei: '1500000000000000000', crypto_tx_hash: txHash.toLowerCase() });
    const postings = await ds.query(
      `SELECT p.account, p.currency, p.amount::text FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.donation_id = $1 ORDER BY p.account`,
      [res.body.id],
    );
    expect(postings).toEqual([
      { account: 'assets:crypto', currency: 'EUR', amount: '312000' },
      { account: 'income:donations:crypto', currency: 'EUR', amount: '-312000' },
    ]);
    expect((await t.http.get(`/api/v1/donations/${res.body.id}`).set(auth).expect(200)).body.crypto.coinAmount).toBe('1.5');
    // The same transaction entered again is refused, naming it.
    const again = await post(gift({ asset: 'ETH', amount: '1500000000000000000', txHash: txHash.toLowerCase() })).expect(409);
    expect(again.body.message).toContain(txHash.toLowerCase());
    const withOwnId = await post(gift({ asset: 'ETH', amount: '1500000000000000000', txHash }, { externalId: `wallet-export-${hex(4)}` })).expect(409);
    expect(withOwnId.body.code).toBe('donation_duplicate_tx');
  });

  it('records satoshis given as a JSON number while exact, and whale-sized ETH as a string', async () => {
    const btc = await post(gift({ asset: 'BTC', amount: 1250000, txHash: hex(32) }, { amount: 75000 })).expect(201);
    expect(btc.body.crypto).toMatchObject({ asset: 'BTC', amount: '1250000', coinAmount: '0.0125', decimals: 8 });
    const whale = await post(gift({ asset: 'ETH', amount: '123456789012345678901234567', txHash: `0x${hex(32)}` })).expect(201);
    expect(whale.body.crypto.coinAmount).toBe('123456789.012345678901234567');
  });

  const valid = { asset: 'BTC', amount: '1000', txHash: 'a'.repeat(64) };
  it.each<[string, Body, string, RegExp]>([
    ['an unknown coin', gift({ ...valid, asset: 'XYZ' }), 'crypto.asset', /crypto.asset must be one of BTC, ETH/],
    ['an ISO currency as the coin', gift({ ...valid, asset: 'EUR' }), 'crypto.asset', /must be one of/],
    ['a lower-case coin', gift({ ...valid, asset: 'btc' }), 'crypto.asset', /must be one of/],
    ['a fractional coin amount', gift({ ...valid, amount: '0.5' }), 'crypto.amount', /smallest unit/],
    ['a negative coin amount', gift({ ...valid, amount: '-100' }), 'crypto.amount', /smallest unit/],
    ['a zero coin amount', gift({ ...valid, amount: '0' }), 'crypto.amount', /smallest unit/],
    ['wei as an inexact JSON number', gift({ ...valid, asset: 'ETH', amount: 1.5e18, txHash: `0x${'a'.repeat(64)}` }), 'crypto.amount', /decimal string/],
    ['a coin amount in exponent form', gift({ ...valid, amount: '1e18' }), 'crypto.amount', /smallest unit/],
    ['79 digits (beyond 256 bits)', gift({ ...valid, amount: '9'.repeat(79) }), 'crypto.amount', /smallest unit/],
    ['a Bitcoin hash too short', gift({ ...valid, txHash: 'abc' }), 'crypto.txHash', /transaction hash/],
    ['an Ethereum-style hash for BTC', gift({ ...valid, txHash: `0x${'a'.repeat(64)}` }), 'crypto.txHash', /not a BTC transaction hash \(64 hex digits\)/],
    ['a Bitcoin-style hash for ETH', gift({ ...valid, asset: 'ETH', txHash: 'a'.repeat(64) }), 'crypto.txHash', /not a ETH transaction hash \(0x and 64 hex digits\)/],
    ['no hash', gift({ asset: 'BTC', amount: '1000' }), 'crypto.txHash', /txHash/],
    ['crypto on a bank donation', gift(valid, { channel: 'bank' }), 'crypto', /only for channel crypto/],
    ['a fiat valuation of zero', gift(valid, { amount: 0 }), 'amount', /amount/],
    ['an unknown field inside crypto', gift({ ...valid, network: 'mainnet' }), 'crypto.network', /should not exist/],
  ])('400 for %s, nothing written', async (_name, body, field, message) => {
    const before = await ds.query(`SELECT count(*)::int AS n FROM donations`);
    const res = await post(body).expect(400);
    expect(res.body.message).toMatch(message);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await ds.query(`SELECT count(*)::int AS n FROM donations`)).toEqual(before);
  });
});
