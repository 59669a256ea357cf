import { toDecimalString } from '../common/money/money.js';

export interface ExportPosting {
  account: string;
  fund: string;
  currency: string;
  amount: bigint;
  rate: string | null;
}

export interface ExportEntry {
  id: string;
  seq: number;
  date: string;
  kind: string;
  description: string;
  donationId: string | null;
  postings: ExportPosting[];
}

/** One line, no control characters: descriptions come from people and providers. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim() || '-';
}

/** `income:donations:build-engineer` → `Income:Donations:Build-engineer` (Beancount needs capitalised components). */
export function beancountAccount(account: string): string {
  return account
    .split(':')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(':');
}

export function ledgerHeader(currencies: string[], accounts: string[]): string {
  const lines = ['; Coffer journal export (hledger / Ledger format)', 'decimal-mark .', ''];
  for (const c of currencies) lines.push(`commodity ${sampleAmount(c)} ${c}`);
  lines.push('');
  for (const a of accounts) lines.push(`account ${a}`);
  lines.push('');
  return lines.join('\n') + '\n';
}

/** The commodity format: as many decimals as the currency has ("0.00", "0.000"; "0." for none, as hledger wants a mark). */
function sampleAmount(currency: string): string {
  const sample = toDecimalString(0, currency);
  return sample.includes('.') ? sample : `${sample}.`;
}

/**
 * In hledger/Ledger a `;` starts a comment and `name:value` in a comment is a tag, so a `;` in a
 * description (a bank reference) could add tags such as `fund:`. A full-width semicolon reads
 * the same and means nothing to the parser.
 */
function ledgerText(text: string): string {
  return clean(text).replace(/;/g, '\uff1b');
}

export function ledgerEntry(e: ExportEntry): string {
  const lines = [`${e.date} * ${ledgerText(e.description)}  ; entry:${e.id}, kind:${e.kind}${e.donationId ? `, donation:${e.donationId}` : ''}`];
  for (const p of e.postings) {
    lines.push(`    ${p.account}    ${toDecimalString(p.amount, p.currency)} ${p.currency}  ; fund:${p.fund}`);
  }
  return lines.join('\n') + '\n\n';
}

export function beancountHeader(baseCurrency: string, currencies: string[], accounts: string[], openDate: string): string {
  const lines = ['; Coffer journal export (Beancount)', `option "title" "Coffer"`, `option "operating_currency" "${baseCurrency}"`, ''];
  for (const c of currencies) lines.push(`${openDate} commodity ${c}`);
  for (const a of accounts) lines.push(`${openDate} open ${beancountAccount(a)}`);
  lines.push('');
  return lines.join('\n') + '\n';
}

function quote(text: string): string {
  return `"${clean(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function beancountEntry(e: ExportEntry): string {
  const lines = [`${e.date} * ${quote(e.description)}`, `  entry: "${e.id}"`, `  kind: "${e.kind}"`];
  if (e.donationId) lines.push(`  donation: "${e.donationId}"`);
  for (const p of e.postings) {
    lines.push(`  ${beancountAccount(p.account)}  ${toDecimalString(p.amount, p.currency)} ${p.currency}`);
    lines.push(`    fund: "${p.fund}"`);
  }
  return lines.join('\n') + '\n\n';
}

export const CSV_HEADER = 'date,entry_id,entry_seq,kind,description,account,fund,currency,amount,amount_minor,rate_to_base,donation_id\n';

function csvField(value: string): string {
  // Leading = + - @ (also after spaces) would be formulas in a spreadsheet; prefix them so they stay text.
  const safe = /^\s*[=+@\t\r]/.test(value) || (/^-/.test(value) && !/^-\d/.test(value)) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per posting, so fees, refunds and payouts each get their own row. */
export function csvRows(e: ExportEntry): string {
  return (
    e.postings
      .map((p) =>
        [
          e.date,
          e.id,
          String(e.seq),
          e.kind,
          clean(e.description),
          p.account,
          p.fund,
          p.currency,
          toDecimalString(p.amount, p.currency),
          p.amount.toString(),
          p.rate ?? '',
          e.donationId ?? '',
        ]
          .map(csvField)
          .join(','),
      )
      .join('\n') + '\n'
  );
}
