import { CsvRowMapper, pickColumn, RawCsvRow } from './csv.js';
import { emptyToNull, FileFormatError, GoodRow, ImportFormat, RowError } from './row.js';
import { absolute, parseAmount, parseCurrency, parseTimestampDate } from './values.js';

/**
 * Patreon's creator exports. The header names are Patreon's own (see docs/imports.md for the
 * list and where they were checked); where Patreon renamed a column over the years, every known
 * name is accepted.
 */
export const PATREON_MEMBERS = {
  userId: ['User ID'],
  name: ['Name'],
  email: ['Email'],
  patronStatus: ['Patron Status'],
  freeMember: ['Free Member'],
  pledgeAmount: ['Pledge Amount'],
  chargeFrequency: ['Charge Frequency'],
  tier: ['Tier'],
  lastChargeDate: ['Last Charge Date'],
  lastChargeStatus: ['Last Charge Status'],
  currency: ['Currency'],
} as const;

export const PATREON_EARNINGS = {
  month: ['Month'],
  currency: ['Currency'],
  gross: ['Total gross revenue', 'Gross revenue', 'Total earnings before fees'],
  platformFee: ['Total platform fee', 'Patreon fee'],
  paymentFee: ['Total payment fee', 'Processing fee', 'Payment processing fee', 'Payment processing fees'],
  net: ['Your total earnings', 'Net earnings', 'Total earnings'],
} as const;

type Columns<T extends Record<string, readonly string[]>> = { [K in keyof T]: number | undefined };

function resolve<T extends Record<string, readonly string[]>>(header: string[], spec: T): Columns<T> {
  const out = {} as Columns<T>;
  for (const key of Object.keys(spec) as (keyof T)[]) out[key] = pickColumn(header, spec[key]);
  return out;
}

function requireColumns(columns: Record<string, number | undefined>, spec: Record<string, readonly string[]>, keys: string[], what: string): void {
  const missing = keys.filter((key) => columns[key] === undefined).map((key) => `"${spec[key][0]}"`);
  if (missing.length) throw new FileFormatError(`This ${what} has no ${missing.join(', ')} column; is it the right export?`);
}

export function detectPatreonFormat(header: string[]): ImportFormat {
  if (pickColumn(header, PATREON_MEMBERS.userId) !== undefined && pickColumn(header, PATREON_MEMBERS.patronStatus) !== undefined) return 'patreon-members-csv';
  if (pickColumn(header, PATREON_EARNINGS.month) !== undefined && pickColumn(header, PATREON_EARNINGS.net) !== undefined) return 'patreon-earnings-csv';
  throw new FileFormatError(
    `This CSV is neither Patreon's members export (needs "User ID" and "Patron Status") nor its earnings export (needs "Month" and "Your total earnings"); its columns are: ${header.slice(0, 12).join(', ')}`,
  );
}

/** Members export: one row per member; a paid last charge becomes a `provider_income` record. */
export function patreonMembersMapper(header: string[]): CsvRowMapper {
  const c = resolve(header, PATREON_MEMBERS);
  requireColumns(c, PATREON_MEMBERS, ['userId', 'pledgeAmount', 'currency', 'lastChargeDate', 'lastChargeStatus'], 'Patreon members export');
  return (raw: RawCsvRow, line: number): GoodRow => {
    const memberId = emptyToNull(raw[c.userId!]);
    if (!memberId) throw new RowError('User ID is empty');
    const status = emptyToNull(raw[c.lastChargeStatus!]);
    const chargedOn = emptyToNull(raw[c.lastChargeDate!]) ? parseTimestampDate(raw[c.lastChargeDate!], 'Last Charge Date') : null;
    const name = c.name !== undefined ? emptyToNull(raw[c.name]) : null;
    const tier = c.tier !== undefined ? emptyToNull(raw[c.tier]) : null;
    const free = c.freeMember !== undefined ? /^(yes|true)$/i.test(raw[c.freeMember] ?? '') : false;
    const paid = status?.toLowerCase() === 'paid' && chargedOn !== null && !free;
    const currency = paid || emptyToNull(raw[c.currency!]) ? parseCurrency(raw[c.currency!], 'Currency') : null;
    const amount = paid ? absolute(parseAmount(raw[c.pledgeAmount!], currency!, '.', 'Pledge Amount')) : null;
    const externalId = `${memberId}:${chargedOn ?? 'never-charged'}`;
    const income = paid && amount! > 0n;
    return {
      ok: true,
      line,
      raw,
      sourceKey: 'patreon:members',
      identity: [memberId, chargedOn, status],
      repeatable: false,
      fields: {
        date: chargedOn,
        amount: income ? amount : null,
        currency,
        direction: income ? 'credit' : null,
        description: [tier, c.patronStatus !== undefined ? emptyToNull(raw[c.patronStatus]) : null, status].filter(Boolean).join(' / ') || null,
        reference: null,
        counterparty: name,
        externalId,
      },
      record: income
        ? {
            type: 'income',
            provider: 'patreon',
            externalId,
            memberId,
            name,
            email: c.email !== undefined ? emptyToNull(raw[c.email]) : null,
            amount: amount!,
            currency: currency!,
            chargedOn: chargedOn,
            tier,
            chargeFrequency: c.chargeFrequency !== undefined ? emptyToNull(raw[c.chargeFrequency]) : null,
          }
        : null,
    };
  };
}

/**
 * Earnings export: one row per month and currency with gross, fees and net. A month that is not
 * over yet is refused (its figures still change), so importing it after month end records it.
 */
export function patreonEarningsMapper(header: string[], today: string): CsvRowMapper {
  const c = resolve(header, PATREON_EARNINGS);
  requireColumns(c, PATREON_EARNINGS, ['month', 'currency', 'net'], 'Patreon earnings export');
  return (raw: RawCsvRow, line: number): GoodRow => {
    const month = (raw[c.month!] ?? '').trim();
    const match = /^(\d{4})-(\d{2})$/.exec(month);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw new RowError(`Month "${month}" is not a month like 2026-10`);
    const periodStart = `${month}-01`;
    const periodEnd = lastDayOfMonth(Number(match[1]), Number(match[2]));
    if (periodEnd >= today) throw new RowError(`Month ${month} is not over yet; import its earnings after it ends`);
    const currency = parseCurrency(raw[c.currency!], 'Currency');
    const money = (column: number | undefined, what: string) => (column !== undefined ? parseAmount(raw[column] || '0', currency, '.', what) : 0n);
    const net = money(c.net, 'Your total earnings');
    const fees = absolute(money(c.platformFee, 'Total platform fee')) + absolute(money(c.paymentFee, 'Total payment fee'));
    const gross = c.gross !== undefined ? absolute(money(c.gross, 'Total gross revenue')) : net + fees;
    const externalId = `earnings:${month}:${currency}`;
    return {
      ok: true,
      line,
      raw,
      sourceKey: 'patreon:earnings',
      identity: [month, currency],
      repeatable: false,
      fields: {
        date: periodEnd,
        amount: absolute(net),
        currency,
        direction: net < 0n ? 'debit' : 'credit',
        description: `Patreon earnings ${month}`,
        reference: null,
        counterparty: 'Patreon',
        externalId,
      },
      record: { type: 'payout', provider: 'patreon', externalId, periodStart, periodEnd, gross, fees, net, currency, paidOn: null, status: 'earned' },
    };
  };
}

function lastDayOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
