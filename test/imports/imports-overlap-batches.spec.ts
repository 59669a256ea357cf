import { randomBytes } from 'node:crypto';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { MEMBERS_HEADER, memberRow, sql, upload } from './import-helpers.js';

/**
 * On PostgreSQL a batch of rows (2,000) goes in without asking first which rows are already
 * there; when the unique identity key refuses it, the batch is taken back to its savepoint and
 * written again without them, and later batches are looked up first. These files put the
 * overlap in a later batch, after batches that went in as they were, so both paths run in one
 * import; on the embedded database the same files check the batched INSERTs.
 */
describe('imports whose rows already there sit in a later batch', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  const prefix = `o${randomBytes(5).toString('hex')}`;
  const member = (i: number) => memberRow(`${prefix}-${i}`, i);
  const file = (members: number[]) => Buffer.from([MEMBERS_HEADER, ...members.map(member)].join('\n') + '\n');
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
  const stored = async () =>
    (
      await sql<{ rows: number; income: number }>(
        t,
        `SELECT (SELECT count(*)::int FROM import_rows WHERE source_key = 'patreon:members' AND external_id LIKE $1) AS rows,
              (SELECT count(*)::int FROM provider_income WHERE member_id LIKE $1) AS income`,
        [`${prefix}-%`],
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp();
    auth = (await t.userWith('treasurer')).auth;
  });
  afterAll(() => t.close());

  it('keeps each member once when a later batch overlaps an earlier import and repeats rows of this one', async () => {
    const first = await upload(t, auth, file(range(0, 3000)), { kind: 'patreon', filename: 'first.csv' }).expect(201);
    expect(first.body).toMatchObject({ rows: 3000, created: 3000, duplicates: 0, errors: [] });

    // Batch 1: new members. Batch 2: 1,000 of the first file's members among 1,000 new ones.
    // Batch 3 (looked up first by then): new members, and repeats of this file's batch 1.
    const second = [...range(5000, 7000), ...range(2000, 3000), ...range(7000, 8000), ...range(8000, 9500), ...range(5000, 5500)];
    const answer = await upload(t, auth, file(second), { kind: 'patreon', filename: 'second.csv' }).expect(201);
    expect(answer.body).toMatchObject({ rows: 6000, created: 4500, duplicates: 1500, errors: [] });
    expect(await stored()).toEqual({ rows: 7500, income: 7500 });
  });

  it('takes a batch back when it repeats a row of this file from an earlier batch, before any lookup', async () => {
    // Batch 1 went in as it was; batch 2 starts with a repeat of its first row.
    const third = [...range(10_000, 12_000), 10_000, ...range(12_000, 12_500)];
    const answer = await upload(t, auth, file(third), { kind: 'patreon', filename: 'third.csv' }).expect(201);
    expect(answer.body).toMatchObject({ rows: 2501, created: 2500, duplicates: 1, errors: [] });
    expect(await stored()).toEqual({ rows: 10_000, income: 10_000 });
  });

  it('adds nothing when every batch is already there, and counts every row as a duplicate', async () => {
    const again = [...range(0, 3000), ...range(10_000, 12_500)];
    const answer = await upload(t, auth, file(again), { kind: 'patreon', filename: 'again.csv' }).expect(201);
    expect(answer.body).toMatchObject({ rows: 5500, created: 0, duplicates: 5500, errors: [] });
    expect(await stored()).toEqual({ rows: 10_000, income: 10_000 });
  });
});
