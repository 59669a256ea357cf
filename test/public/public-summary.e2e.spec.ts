import { randomUUID } from 'node:crypto';
import { addMonths, todayUtc } from '../../src/common/util/months.js';
import { PublicSummaryService, SUMMARY_TTL_MS } from '../../src/public/public-summary.service.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;
type Cell = { month: string; channel: string | null; currency: string | null; amount: number | null; baseAmount: number | null; withheld: boolean };

/**
 * GET /api/v1/public/summary on real PostgreSQL: the ledger's income folded so no figure is one
 * gift, no private sponsor anywhere, public roles and grants only, a minute's cache. SEK keeps
 * this file's donations apart from other files' in the shared test database.
 */
describe('public transparency summary', () => {
  let t: TestApp;
  let treasurer: User;
  const thisMonth = todayUtc().slice(0, 7);
  const lone = addMonths(thisMonth, -7);
  const busy = addMonths(thisMonth, -8);
  const secret = { name: `Private Person ${randomUUID().slice(0, 6)}`, email: `private-${randomUUID().slice(0, 6)}@donor.test` };
  const hidden = {
    name: `Hidden Org ${randomUUID().slice(0, 6)}`,
    email: `hidden-${randomUUID().slice(0, 6)}@donor.test`,
    publicName: `Hidden Public ${randomUUID().slice(0, 6)}`,
    anonymous: true,
  };
  const open = { name: `Open Friend ${randomUUID().slice(0, 6)}`, email: `open-${randomUUID().slice(0, 6)}@donor.test`, publicName: `Friendly Co ${randomUUID().slice(0, 6)}` };

  const donate = (body: Record<string, unknown>) =>
    t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .set('Idempotency-Key', randomUUID())
      .send({ fund: 'general', ...body })
      .expect(201);
  const sponsor = async (body: Record<string, unknown>) => (await t.http.post('/api/v1/sponsors').set(treasurer.auth).send(body).expect(201)).body.id as string;
  const cells = (body: { donationsByMonth: Cell[] }, month: string) => body.donationsByMonth.filter((c) => c.month === month);

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
    treasurer = await t.userWith('treasurer');
    await t.http.post('/api/v1/rates').set(treasurer.auth).send({ date: '2020-01-01', from: 'SEK', to: 'EUR', rate: '0.088' }).expect(201);
    const secretId = await sponsor(secret);
    const hiddenId = await sponsor(hidden);
    const openId = await sponsor(open);
    // The lone month: one gift in all.
    await donate({ channel: 'crypto', amount: 1_234_500, currency: 'SEK', receivedAt: `${lone}-13`, sponsorId: secretId });
    // The busy month: two bank gifts (a cell of two), one crypto gift alone (folded), two small patreon gifts.
    await donate({ channel: 'bank', amount: 50_000, currency: 'SEK', receivedAt: `${busy}-03`, sponsorId: secretId });
    await donate({ channel: 'bank', amount: 70_000, currency: 'SEK', receivedAt: `${busy}-04`, sponsorId: hiddenId });
    await donate({ channel: 'crypto', amount: 999_900, currency: 'SEK', receivedAt: `${busy}-05`, sponsorId: secretId });
    await donate({ channel: 'patreon', amount: 10_000, currency: 'SEK', receivedAt: `${busy}-06`, sponsorId: openId });
    await donate({ channel: 'patreon', amount: 20_000, currency: 'SEK', receivedAt: `${busy}-07`, sponsorId: openId, anonymous: false });
    await t.http
      .post('/api/v1/roles')
      .set(treasurer.auth)
      .send({
        title: 'Public build engineer',
        kind: 'contractor',
        fund: 'general',
        currency: 'EUR',
        monthlyCost: 1000,
        startsOn: '2026-01-01',
        status: 'active',
        holder: { name: 'Wren Public', email: 'wren-public@example.org' },
        public: true,
      })
      .expect(201);
    await t.http
      .post('/api/v1/roles')
      .set(treasurer.auth)
      .send({
        title: 'Quiet contractor',
        kind: 'contractor',
        fund: 'general',
        currency: 'EUR',
        monthlyCost: 1000,
        startsOn: '2026-01-01',
        status: 'active',
        holder: { name: 'Quinn Quiet', email: 'quinn@example.org' },
      })
      .expect(201);
  });
  afterAll(() => t.close());

  it('answers without a login and never shows a single gift as a cell', async () => {
    const res = await t.http.get('/api/v1/public/summary').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.body).toMatchObject({ baseCurrency: 'EUR', period: { to: expect.stringMatching(new RegExp(`^${thisMonth}-\\d\\d$`)) } });
    // Other files' donations share these months in the test database, so this checks what must
    // hold whatever else is there; the exact folding is proven by donation-cells.spec.ts and the
    // property test in summary-privacy.spec.ts.
    // The lone SEK gift never shows as a cell of its own.
    expect(cells(res.body, lone).some((c) => c.currency === 'SEK' || c.amount === 1_234_500)).toBe(false);
    const busyCells = cells(res.body, busy);
    // A two-gift cell stands (0.088 EUR per SEK at the rate stored with each posting)…
    expect(busyCells).toEqual(expect.arrayContaining([{ month: busy, channel: 'bank', currency: 'SEK', amount: 120_000, baseAmount: 10_560, withheld: false }]));
    // …the single crypto gift goes to "other", in the base currency.
    expect(busyCells.find((c) => c.channel === 'crypto' && c.currency === 'SEK')).toBeUndefined();
    const other = busyCells.find((c) => c.channel === 'other')!;
    expect(other.currency).toBe('EUR');
    expect(other.baseAmount).toBeGreaterThanOrEqual(87_991);
    for (const cell of res.body.donationsByMonth as Cell[]) expect(cell.amount).not.toBe(999_900);
  });

  it('names only sponsors who chose a public name and are not anonymous; never a private name or email', async () => {
    const body = await t.app.get(PublicSummaryService).summary(Date.now() + SUMMARY_TTL_MS + 1);
    const json = JSON.stringify(body);
    expect(body.publicSponsors).toContain(open.publicName);
    for (const text of [
      secret.name,
      secret.email,
      hidden.name,
      hidden.email,
      hidden.publicName,
      open.name,
      open.email,
      'quinn@example.org',
      'Quinn Quiet',
      'wren-public@example.org',
    ]) {
      expect(json).not.toContain(text);
    }
    expect(body.sponsors).toBeGreaterThanOrEqual(3);
  });

  it('shows public roles with their holder and spending by category, grants past selected, fund balances', async () => {
    const body = await t.app.get(PublicSummaryService).summary(Date.now() + SUMMARY_TTL_MS + 2);
    expect(body.roles).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'Public build engineer', status: 'active', holder: 'Wren Public' })]));
    expect(body.roles.find((r) => r.title === 'Quiet contractor')).toBeUndefined();
    expect(body.funds).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'general', restricted: false, baseBalance: expect.any(Number) })]));
    for (const g of body.grants) expect(['selected', 'active', 'completed', 'terminated']).toContain(g.status);
    for (const c of body.spending.byCategory) expect(c.category).not.toMatch(/^roles:/);
  });

  it('is cached for a minute per instance', async () => {
    const service = t.app.get(PublicSummaryService);
    const at = Date.now() + 10 * SUMMARY_TTL_MS;
    const first = await service.summary(at);
    await donate({ channel: 'bank', amount: 40_000, currency: 'SEK', receivedAt: `${busy}-20` });
    expect(await service.summary(at + SUMMARY_TTL_MS - 1)).toBe(first);
    const fresh = await service.summary(at + SUMMARY_TTL_MS);
    expect(cells(fresh, busy).find((c) => c.channel === 'bank' && c.currency === 'SEK')).toMatchObject({ amount: 160_000 });
  });
});
