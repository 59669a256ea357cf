import { toSafeNumber } from '../common/money/money.js';

/**
 * One finding of a run or a person: a match, a suggestion or an open item, with the rule behind it.
 * Read from `reconciliation_items`: the rows and the routine Stripe matches held on donations
 * (migration RoutineMatchOnDonation); ITEM_SELECT_ROWS reads the rows alone.
 */
const itemSelect = (relation: 'reconciliation_items' | 'reconciliation_matches') => `
  SELECT r.id, r.run_id, r.kind, r.rule, r.state, r.source, r.active, r.bank_line_id, r.payout_id, r.provider_payout_id, r.donation_id,
         r.balance_transaction_id, r.amount::text, r.currency, to_char(r.on_date, 'YYYY-MM-DD') AS on_date, r.note, r.created_at, r.undone_at,
         r.acknowledged_at, r.acknowledged_by_email, r.acknowledgement,
         bl.description AS bank_description, bl.counterparty AS bank_counterparty, bl.reference AS bank_reference,
         COALESCE(po.external_id, pp.external_id) AS payout_external_id, COALESCE(pp.provider, CASE WHEN po.id IS NOT NULL THEN 'stripe' END) AS provider
  FROM ${relation} r
  LEFT JOIN bank_lines bl ON bl.id = r.bank_line_id
  LEFT JOIN payouts po ON po.id = r.payout_id
  LEFT JOIN provider_payouts pp ON pp.id = r.provider_payout_id`;

export const ITEM_SELECT = itemSelect('reconciliation_items');
export const ITEM_SELECT_ROWS = itemSelect('reconciliation_matches');

export interface ItemRow {
  id: string;
  run_id: string | null;
  kind: string;
  rule: string;
  state: string;
  source: string;
  active: boolean;
  bank_line_id: string | null;
  payout_id: string | null;
  provider_payout_id: string | null;
  donation_id: string | null;
  balance_transaction_id: string | null;
  amount: string | null;
  currency: string | null;
  on_date: string | null;
  note: string | null;
  created_at: Date;
  undone_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by_email: string | null;
  acknowledgement: string | null;
  bank_description: string | null;
  bank_counterparty: string | null;
  bank_reference: string | null;
  payout_external_id: string | null;
  provider: string | null;
}

export function toItem(r: ItemRow) {
  return {
    id: r.id,
    runId: r.run_id,
    kind: r.kind,
    rule: r.rule,
    state: r.state,
    source: r.source,
    active: r.active,
    amount: r.amount === null ? null : toSafeNumber(r.amount),
    currency: r.currency,
    date: r.on_date,
    bankLine: r.bank_line_id ? { id: r.bank_line_id, description: r.bank_description, counterparty: r.bank_counterparty, reference: r.bank_reference } : null,
    payout: r.payout_id || r.provider_payout_id ? { id: r.payout_id ?? r.provider_payout_id, provider: r.provider, externalId: r.payout_external_id } : null,
    donationId: r.donation_id,
    balanceTransactionId: r.balance_transaction_id,
    note: r.note,
    createdAt: r.created_at,
    undoneAt: r.undone_at,
    acknowledged: r.acknowledged_at ? { reason: r.acknowledgement, by: r.acknowledged_by_email, at: r.acknowledged_at } : null,
  };
}
