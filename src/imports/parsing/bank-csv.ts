import { CsvRowMapper, RawCsvRow } from './csv.js';
import type { TextEncoding } from './decode.js';
import { emptyToNull, FileFormatError, GoodRow, RowError } from './row.js';
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
  counterpartyAccountColumn?: string;
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
    profile.counterpartyAccountColumn,
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
  const text = (raw: RawCsvRow, column?: string) => (column ? emptyToNull(raw[column]) : null);
  return (raw: RawCsvRow, line: number): GoodRow => {
    const currency = profile.currencyColumn ? parseCurrency(raw[profile.currencyColumn], profile.currencyColumn) : profile.currency!;
    const bookedOn = parseDate(raw[profile.dateColumn], profile.dateFormat, profile.dateColumn);
    const valueOn = text(raw, profile.valueDateColumn) ? parseDate(raw[profile.valueDateColumn!], profile.dateFormat, profile.valueDateColumn) : null;
    const signed = signedAmount(profile, raw, currency);
    if (signed === 0n) throw new RowError('amount is zero');
    const accountText = profile.accountColumn ? text(raw, profile.accountColumn) : profile.account;
    const account = accountText ? normaliseAccount(accountText) : `PROFILE:${profile.name}`;
    const description = (profile.descriptionColumns ?? []).map((column) => text(raw, column)).filter(Boolean).join(' ') || null;
    // "NOTPROVIDED" is SEPA's placeholder for a missing end-to-end reference, not a reference.
    const givenReference = text(raw, profile.referenceColumn);
    const reference = givenReference === 'NOTPROVIDED' ? null : givenReference;
    const bankReference = text(raw, profile.bankReferenceColumn);
    const counterparty = text(raw, profile.counterpartyColumn);
    const direction = signed < 0n ? 'debit' : 'credit';
    const amount = absolute(signed);
    return {
      ok: true,
      line,
      raw,
      sourceKey: `bank:${account}`,
      identity: [account, bookedOn, direction, amount.toString(), currency, bankReference, reference, description],
      repeatable: true,
      fields: { date: bookedOn, amount, currency, direction, description, reference: reference ?? bankReference, counterparty, externalId: bankReference },
      record: {
        type: 'bank',
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
        counterpartyAccount: text(raw, profile.counterpartyAccountColumn),
      },
    };
  };
}

function signedAmount(profile: BankCsvProfile, raw: RawCsvRow, currency: string): bigint {
  const sep = profile.decimalSeparator;
  if (profile.amountColumn) return parseAmount(raw[profile.amountColumn], currency, sep, profile.amountColumn);
  const debit = emptyToNull(raw[profile.debitColumn!]);
  const credit = emptyToNull(raw[profile.creditColumn!]);
  if (debit && credit) throw new RowError(`both ${profile.debitColumn} and ${profile.creditColumn} are filled`);
  if (!debit && !credit) throw new RowError(`neither ${profile.debitColumn} nor ${profile.creditColumn} is filled`);
  // Banks write debits as positive or negative numbers in their debit column; either way it is money out.
  if (debit) return -absolute(parseAmount(debit, currency, sep, profile.debitColumn));
  return absolute(parseAmount(credit!, currency, sep, profile.creditColumn));
}
