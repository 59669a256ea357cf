import { CsvRowMapper, RawCsvRow } from './csv.js';
import type { TextEncoding } from './decode.js';
import { bankLineRow, emptyToNull, FileFormatError, GoodRow, RowError } from './row.js';
import { absolute, DateFormat, DecimalSeparator, parseAmount, parseCurrency, parseDate } from './values.js';

/** How one bank's CSV maps onto bank lines; stored by name in `import_profiles`. */
export interface BankCsvProfile {
  name: string;
  delimiter: string;
  encoding: TextEncoding;
  decimalSeparator: DecimalSeparator;
  headerLine: number;
  dateColumn: string;
  dateFormat: DateFormat;
  valueDateColumn?: string;
  /** Either one signed amount column, or a debit and a credit column. */
  amountColumn?: string;
  debitColumn?: string;
  creditColumn?: string;
  /** A currency column, or the one currency of the account. */
  currencyColumn?: string;
  currency?: string;
  descriptionColumns?: string[];
  referenceColumn?: string;
  bankReferenceColumn?: string;
  counterpartyColumn?: string;
  /** Banks that name payer and payee in two columns (DKB, Wise): the other party of a debit; `counterpartyColumn` then is a credit's. */
  debitCounterpartyColumn?: string;
  counterpartyAccountColumn?: string;
  /** A column saying whether the row is booked (DKB "Status", Sparkasse "Info"); rows with another value are bad rows, never lines. */
  statusColumn?: string;
  bookedStatuses?: string[];
  /** The account (IBAN) the statement is for, or the column that names it; rows dedupe per account. */
  account?: string;
  accountColumn?: string;
}

export function normaliseAccount(account: string): string {
  return account.replace(/\s+/g, '').toUpperCase();
}

export function profileColumns(profile: BankCsvProfile): string[] {
  return [
    profile.dateColumn,
    profile.valueDateColumn,
    profile.amountColumn,
    profile.debitColumn,
    profile.creditColumn,
    profile.currencyColumn,
    ...(profile.descriptionColumns ?? []),
    profile.referenceColumn,
    profile.bankReferenceColumn,
    profile.counterpartyColumn,
    profile.debitCounterpartyColumn,
    profile.counterpartyAccountColumn,
    profile.statusColumn,
    profile.accountColumn,
  ].filter((name): name is string => Boolean(name));
}

export function bankCsvMapper(profile: BankCsvProfile, header: string[]): CsvRowMapper {
  const missing = profileColumns(profile).filter((name) => !header.includes(name));
  if (missing.length) {
    throw new FileFormatError(
      `The file has no column ${missing.map((m) => `"${m}"`).join(', ')} that profile "${profile.name}" expects; its header (line ${profile.headerLine}) is: ${header.slice(0, 15).join(' | ')}`,
    );
  }
  // Column names to positions once, so each row is read by index.
  const at = (column?: string) => (column === undefined ? -1 : header.indexOf(column));
  const col = {
    date: at(profile.dateColumn),
    valueDate: at(profile.valueDateColumn),
    amount: at(profile.amountColumn),
    debit: at(profile.debitColumn),
    credit: at(profile.creditColumn),
    currency: at(profile.currencyColumn),
    description: (profile.descriptionColumns ?? []).map((c) => at(c)),
    reference: at(profile.referenceColumn),
    bankReference: at(profile.bankReferenceColumn),
    counterparty: at(profile.counterpartyColumn),
    debitCounterparty: at(profile.debitCounterpartyColumn),
    status: at(profile.statusColumn),
    counterpartyAccount: at(profile.counterpartyAccountColumn),
    account: at(profile.accountColumn),
  };
  const text = (raw: RawCsvRow, index: number) => (index < 0 ? null : emptyToNull(raw[index]));
  return (raw: RawCsvRow, line: number): GoodRow => {
    // A pending row would be imported again, with other dates, once the bank books it.
    const status = text(raw, col.status);
    if (col.status >= 0 && !profile.bookedStatuses?.includes(status ?? '')) throw new RowError(`not booked yet (${profile.statusColumn} is "${status ?? ''}")`);
    const currency = col.currency >= 0 ? parseCurrency(raw[col.currency], profile.currencyColumn) : profile.currency!;
    const bookedOn = parseDate(raw[col.date], profile.dateFormat, profile.dateColumn);
    const valueOn = text(raw, col.valueDate) ? parseDate(raw[col.valueDate], profile.dateFormat, profile.valueDateColumn) : null;
    const signed = signedAmount(profile, col, raw, currency);
    if (signed === 0n) throw new RowError('amount is zero');
    const accountText = col.account >= 0 ? text(raw, col.account) : profile.account;
    const account = accountText ? normaliseAccount(accountText) : `PROFILE:${profile.name}`;
    const description =
      col.description
        .map((index) => text(raw, index))
        .filter(Boolean)
        .join(' ') || null;
    // "NOTPROVIDED" is SEPA's placeholder for a missing end-to-end reference, not a reference.
    const givenReference = text(raw, col.reference);
    const reference = givenReference === 'NOTPROVIDED' ? null : givenReference;
    const bankReference = text(raw, col.bankReference);
    const direction = signed < 0n ? 'debit' : 'credit';
    const counterparty = text(raw, direction === 'debit' && col.debitCounterparty >= 0 ? col.debitCounterparty : col.counterparty);
    const amount = absolute(signed);
    return bankLineRow(line, raw, {
      account,
      bookedOn,
      valueOn,
      amount,
      currency,
      direction,
      reversal: false,
      reference,
      bankReference,
      description,
      counterparty,
      counterpartyAccount: text(raw, col.counterpartyAccount),
    });
  };
}

function signedAmount(profile: BankCsvProfile, col: { amount: number; debit: number; credit: number }, raw: RawCsvRow, currency: string): bigint {
  const sep = profile.decimalSeparator;
  if (col.amount >= 0) return parseAmount(raw[col.amount], currency, sep, profile.amountColumn);
  const debit = emptyToNull(raw[col.debit]);
  const credit = emptyToNull(raw[col.credit]);
  if (debit && credit) throw new RowError(`both ${profile.debitColumn} and ${profile.creditColumn} are filled`);
  if (!debit && !credit) throw new RowError(`neither ${profile.debitColumn} nor ${profile.creditColumn} is filled`);
  // Banks write debits as positive or negative numbers in their debit column; either way it is money out.
  if (debit) return -absolute(parseAmount(debit, currency, sep, profile.debitColumn));
  return absolute(parseAmount(credit!, currency, sep, profile.creditColumn));
}
