import { CsvRowMapper, pickColumn, RawCsvRow } from './csv.js';
import { emptyToNull, FileFormatError, GoodRow, RowError } from './row.js';
import { absolute, parseAmount, parseCurrency, parseDate, parseTimestampDate } from './values.js';

/**
 * Creator Spring (formerly Teespring) payout report. Spring's column names are not published;
 * these are the names of the report as we know it plus close variants, listed in docs/imports.md
 * to be checked against a fresh export.
 */
export const SPRING_PAYOUTS = {
  payoutId: ['Payout ID', 'Payout Id', 'Transfer ID', 'ID'],
  date: ['Payout Date', 'Paid Date', 'Date Paid', 'Date'],
  net: ['Net Amount', 'Payout Amount', 'Amount', 'Net'],
  gross: ['Gross Amount', 'Gross', 'Total Earnings', 'Earnings'],
  fees: ['Fees', 'Fee', 'Processing Fee', 'Transfer Fee'],
  currency: ['Currency'],
  status: ['Status'],
  periodStart: ['Period Start', 'Earnings Period Start', 'Start Date'],
  periodEnd: ['Period End', 'Earnings Period End', 'End Date'],
  method: ['Payout Method', 'Method'],
} as const;

const PAID = new Set(['paid', 'completed', 'complete', 'sent', 'succeeded', 'success', 'transferred']);

/** Spring writes ISO dates in its newer reports and US dates (MM/DD/YYYY) in older ones. */
function springDate(text: string | undefined, what: string): string {
  const value = (text ?? '').trim();
  return /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(value) ? parseDate(value, 'MM/DD/YYYY', what) : parseTimestampDate(value, what);
}

export function isSpringPayouts(header: string[]): boolean {
  return [SPRING_PAYOUTS.payoutId, SPRING_PAYOUTS.net, SPRING_PAYOUTS.date].every((names) => pickColumn(header, names) !== undefined);
}

export function springPayoutsMapper(header: string[]): CsvRowMapper {
  if (!isSpringPayouts(header)) {
    throw new FileFormatError(`This CSV is not a Creator Spring payout report (needs "Payout ID", "Payout Date" and "Amount"); its columns are: ${header.slice(0, 12).join(', ')}`);
  }
  const col = Object.fromEntries(Object.entries(SPRING_PAYOUTS).map(([key, names]) => [key, pickColumn(header, names)])) as Record<keyof typeof SPRING_PAYOUTS, number | undefined>;
  return (raw: RawCsvRow, line: number): GoodRow => {
    const payoutId = emptyToNull(raw[col.payoutId!]);
    if (!payoutId) throw new RowError('Payout ID is empty');
    const status = col.status !== undefined ? emptyToNull(raw[col.status]) : null;
    if (status && !PAID.has(status.toLowerCase())) throw new RowError(`Payout ${payoutId} is not paid yet (status "${status}"); import it once it is paid`);
    // Spring pays creators in US dollars; a report without a currency column is in USD.
    const currency = col.currency !== undefined ? parseCurrency(raw[col.currency], 'Currency') : 'USD';
    const paidOn = springDate(raw[col.date!], 'Payout Date');
    const net = parseAmount(raw[col.net!], currency, '.', 'Amount');
    if (net <= 0n) throw new RowError(`Payout amount ${raw[col.net!]} is not positive`);
    const fees = col.fees !== undefined && emptyToNull(raw[col.fees]) ? absolute(parseAmount(raw[col.fees], currency, '.', 'Fees')) : 0n;
    const gross = col.gross !== undefined && emptyToNull(raw[col.gross]) ? absolute(parseAmount(raw[col.gross], currency, '.', 'Gross')) : net + fees;
    const periodStart = col.periodStart !== undefined && emptyToNull(raw[col.periodStart]) ? springDate(raw[col.periodStart], 'Period Start') : null;
    const periodEnd = col.periodEnd !== undefined && emptyToNull(raw[col.periodEnd]) ? springDate(raw[col.periodEnd], 'Period End') : null;
    if (periodStart && periodEnd && periodStart > periodEnd) throw new RowError(`Period Start ${periodStart} is after Period End ${periodEnd}`);
    return {
      ok: true,
      line,
      raw,
      sourceKey: 'merch:spring',
      identity: [payoutId, currency],
      repeatable: false,
      fields: {
        date: paidOn,
        amount: net,
        currency,
        direction: 'credit',
        description: `Creator Spring payout ${payoutId}`,
        reference: payoutId,
        counterparty: 'Creator Spring',
        externalId: payoutId,
      },
      record: { type: 'payout', provider: 'merch', externalId: payoutId, periodStart, periodEnd, gross, fees, net, currency, paidOn, status: status ?? 'paid' },
    };
  };
}
