/** What the parsers produce and the writer stores; shared by every format. */
export type ImportKind = 'patreon' | 'merch' | 'bank';
export const IMPORT_KINDS: readonly ImportKind[] = ['patreon', 'merch', 'bank'];

export type ImportFormat = 'patreon-members-csv' | 'patreon-earnings-csv' | 'spring-payouts-csv' | 'bank-csv' | 'ofx-sgml' | 'ofx-xml' | 'camt053';

export type Direction = 'credit' | 'debit';

/** The columns of `import_rows` every format fills, whatever its record. */
export interface CanonicalFields {
  date: string | null;
  amount: bigint | null;
  currency: string | null;
  direction: Direction | null;
  description: string | null;
  reference: string | null;
  counterparty: string | null;
  externalId: string | null;
}

export interface BankRecord {
  type: 'bank';
  account: string;
  bookedOn: string;
  valueOn: string | null;
  /** Always positive; the sign is in `direction`. */
  amount: bigint;
  currency: string;
  direction: Direction;
  reversal: boolean;
  reference: string | null;
  bankReference: string | null;
  description: string | null;
  counterparty: string | null;
  counterpartyAccount: string | null;
}

export interface PayoutRecord {
  type: 'payout';
  provider: 'patreon' | 'merch';
  externalId: string;
  periodStart: string | null;
  periodEnd: string | null;
  gross: bigint;
  fees: bigint;
  net: bigint;
  currency: string;
  paidOn: string | null;
  status: string | null;
}

export interface IncomeRecord {
  type: 'income';
  provider: 'patreon';
  externalId: string;
  memberId: string;
  name: string | null;
  email: string | null;
  amount: bigint;
  currency: string;
  chargedOn: string;
  tier: string | null;
  chargeFrequency: string | null;
}

export type CanonicalRecord = BankRecord | PayoutRecord | IncomeRecord;

/** The row as the file had it: a CSV record's fields (named by the import's columns) or an XML/OFX element as JSON. */
export type RawRow = Record<string, unknown> | string[];

export interface GoodRow {
  ok: true;
  line: number;
  raw: RawRow;
  /** The account or export the row belongs to; hashes are unique per source. */
  sourceKey: string;
  /**
   * What makes this row the same transaction as a row of another file. When `repeatable`,
   * two identical rows in one file are two real transactions (two equal transfers on one day),
   * so the writer adds an occurrence counter; otherwise the identity holds a unique id.
   */
  identity: readonly unknown[];
  repeatable: boolean;
  fields: CanonicalFields;
  record: CanonicalRecord | null;
}

export interface BadRow {
  ok: false;
  line: number;
  raw: RawRow;
  message: string;
}

export type ParsedRow = GoodRow | BadRow;

/** A problem with the file as a whole: nothing of it is kept. */
export class FileFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'FileFormatError';
  }
}

/** A problem with one row: reported by line, the other rows still count. */
export class RowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RowError';
  }
}

export function emptyToNull(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * A bank statement line as every bank format hands it over (CSV, OFX, CAMT.053): one source per
 * account, identity over what the bank says of the transaction. `extraIdentity` lets a format
 * add what only it knows (CAMT.053's reversal flag).
 */
export function bankLineRow(line: number, raw: RawRow, record: Omit<BankRecord, 'type'>, extraIdentity: readonly unknown[] = []): GoodRow {
  const { account, bookedOn, direction, amount, currency, bankReference, reference, description, counterparty } = record;
  return {
    ok: true,
    line,
    raw,
    sourceKey: `bank:${account}`,
    identity: [account, bookedOn, direction, amount.toString(), currency, bankReference, reference, description, ...extraIdentity],
    repeatable: true,
    fields: { date: bookedOn, amount, currency, direction, description, reference: reference ?? bankReference, counterparty, externalId: bankReference },
    record: { type: 'bank', ...record },
  };
}
