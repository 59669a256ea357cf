import { MigrationInterface, QueryRunner } from 'typeorm';
import { STRIPE_BOOK_CHARGE_V1 } from './1764210000000-StripeChargeInOneCall.js';

/** The rate to the base currency on a day, as `ledger_rate_on` answers it, for a plpgsql assignment. */
const rateOn = (currency: string, on: string) =>
  `CASE WHEN ${currency} = v_base THEN 1 ELSE (SELECT r.rate FROM exchange_rates r WHERE r.currency = ${currency} AND r.base = v_base AND r.as_of <= ${on} ORDER BY r.as_of DESC LIMIT 1) END`;

/** Each change to the function as [text in V1, text in V2]; every one must match exactly once. */
const CHANGES: [string, string][] = [
  ['CREATE FUNCTION stripe_book_charge', 'CREATE OR REPLACE FUNCTION stripe_book_charge'],
  ['        v_outbox uuid;\n', '        v_outbox uuid;\n        v_rate numeric;\n'],
  [
    '          INSERT INTO postings (entry_id, account, fund_id, currency, amount, rate)\n          SELECT v_entry, l.account, v_fund, v_currency, l.amount, ledger_rate_on(v_currency, v_base, v_on)',
    `          v_rate := ${rateOn('v_currency', 'v_on')};\n          INSERT INTO postings (entry_id, account, fund_id, currency, amount, rate)\n          SELECT v_entry, l.account, v_fund, v_currency, l.amount, v_rate`,
  ],
  [
    "              INSERT INTO postings (entry_id, account, fund_id, currency, amount, rate)\n              SELECT v_entry, l.account, v_d.fund_id, v_d.currency, l.amount, ledger_rate_on(v_d.currency, v_base, (p->>'refundDate')::date)",
    `              v_rate := ${rateOn('v_d.currency', "(p->>'refundDate')::date")};\n              INSERT INTO postings (entry_id, account, fund_id, currency, amount, rate)\n              SELECT v_entry, l.account, v_d.fund_id, v_d.currency, l.amount, v_rate`,
  ],
];

export const STRIPE_BOOK_CHARGE_V2 = CHANGES.reduce((sql, [from, to]) => {
  if (sql.split(from).length !== 2) throw new Error(`StripeChargeRateOnce: expected exactly one ${JSON.stringify(from.slice(0, 60))}`);
  return sql.replace(from, () => to);
}, STRIPE_BOOK_CHARGE_V1);

/**
 * B2 (issue 15): `stripe_book_charge` looks the posting rate up once per entry instead of once per
 * posting row. `ledger_rate_on` is a SQL function with a subquery, which PostgreSQL does not
 * inline: each call in the posting INSERT ran it through the SQL-function executor, planning its
 * query afresh every execution (auto_explain: the three-row VALUES scan took ~0.37 ms of the
 * insert's ~0.5 ms). Assigned to a plpgsql variable, the same lookup is a statement whose plan
 * plpgsql keeps for the session. Same rule, same rates, same rows; nothing else changes.
 */
export class StripeChargeRateOnce1764310100000 implements MigrationInterface {
  name = 'StripeChargeRateOnce1764310100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(STRIPE_BOOK_CHARGE_V2);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(STRIPE_BOOK_CHARGE_V1.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
  }
}
