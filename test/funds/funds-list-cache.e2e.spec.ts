import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChangeFeed } from '../../src/database/change-feed.service.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { FundsService } from '../../src/funds/funds.service.js';
import { SYSTEM_ACTOR } from '../../src/users/role.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/** B7: the fund list is kept between calls only while every change to `funds` reaches this instance. */
describe('FundsService.list, kept while the change feed is live', () => {
  const embedded = process.env.COFFER_TEST_DB_EMBEDDED === '1';
  let t: TestApp;
  let funds: FundsService;
  beforeAll(async () => {
    t = await createTestApp();
    funds = t.app.get(FundsService);
    const feed = t.app.get(ChangeFeed);
    for (let i = 0; i < 100 && !embedded && !feed.live; i++) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(() => t.close());

  const code = () => `cache${randomUUID().slice(0, 8)}`;
  const nameOf = async (fundCode: string) => (await funds.list()).find((f) => f.code === fundCode)?.name;

  it(embedded ? 'on the embedded database the feed is not live: every call reads the table' : 'on PostgreSQL the feed is live: a second call is the same frozen list', async () => {
    const first = await funds.list();
    const second = await funds.list();
    expect(t.app.get(ChangeFeed).live).toBe(!embedded);
    expect(second === first).toBe(!embedded);
    if (!embedded) expect(Object.isFrozen(second) && Object.isFrozen(second[0])).toBe(true);
  });

  it('a fund created or renamed through the service is in the next list at once', async () => {
    const fundCode = code();
    await funds.list();
    const fund = await funds.create({ code: fundCode, name: 'Before', restricted: true }, SYSTEM_ACTOR);
    expect(await nameOf(fundCode)).toBe('Before');
    await funds.update(fund.id, { name: 'After' }, SYSTEM_ACTOR);
    expect(await nameOf(fundCode)).toBe('After');
  });

  it('a change made in SQL (another instance, psql) reaches the list through the database notification', async () => {
    const fundCode = code();
    await t.app.get(DataSource).query(`INSERT INTO funds (code, name, restricted) VALUES ($1, 'In SQL', true)`, [fundCode]);
    await t.app.get(ChangeFeed).settled();
    expect(await nameOf(fundCode)).toBe('In SQL');
    await t.app.get(DataSource).query(`UPDATE funds SET name = 'Renamed in SQL' WHERE code = $1`, [fundCode]);
    await t.app.get(ChangeFeed).settled();
    expect(await nameOf(fundCode)).toBe('Renamed in SQL');
  });

  it('inside a transaction the list is read, with its own uncommitted fund, and not kept', async () => {
    const fundCode = code();
    await funds.list();
    await expect(
      t.app.get(TransactionService).run(async (m) => {
        await m.query(`INSERT INTO funds (code, name, restricted) VALUES ($1, 'Uncommitted', true)`, [fundCode]);
        expect(await nameOf(fundCode)).toBe('Uncommitted');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await nameOf(fundCode)).toBeUndefined();
  });
});
