import { normaliseAccount } from './bank-csv.js';
import { bankLineRow, FileFormatError, GoodRow, ParsedRow, RowError } from './row.js';
import { absolute, parseAmount, parseCurrency, parseTimestampDate } from './values.js';
import { child, childrenNamed, textAt, toJson, XmlSink, XNode } from './xml.js';

/** Which ISO 20022 cash-management message a namespace names ("camt.053.001.08"), if any. */
export function camtMessage(attributes: Record<string, string>): string | null {
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      const match = /(camt\.\d{3}\.\d{3}\.\d{2})/.exec(value);
      if (match) return match[1];
    }
  }
  return null;
}

/**
 * ISO 20022 camt.053 (bank-to-customer statement), versions 001.02 and later: one bank line per
 * booked entry (`Ntry`) of each statement (`Stmt`). Details come from the entry's first
 * transaction (`NtryDtls/TxDtls`), the remittance text from all of them.
 */
/** One entry is a few kilobytes; these bounds keep a hostile one from filling memory. */
const MAX_ENTRY_NODES = 5000;
const MAX_ENTRY_TEXT = 256 * 1024;
const MAX_DEPTH = 64;

export class Camt053Sink implements XmlSink {
  private readonly path: string[] = [];
  private entryNodes = 0;
  private entryText = 0;
  private account: string | null = null;
  private accountCurrency: string | null = null;
  private entry: XNode[] = [];
  private entryLine = 0;
  private out: ParsedRow[] = [];

  open(name: string, attributes: Record<string, string>, line: number): void {
    if (this.path.length >= MAX_DEPTH) throw new FileFormatError(`The XML nests deeper than ${MAX_DEPTH} elements`, line);
    if (this.entry.length > 0) {
      if (++this.entryNodes > MAX_ENTRY_NODES) throw new FileFormatError(`The entry starting on line ${this.entryLine} has more than ${MAX_ENTRY_NODES} elements`, line);
      const node: XNode = { name, attributes, children: [], text: '' };
      this.entry[this.entry.length - 1].children.push(node);
      this.entry.push(node);
    } else if (name === 'Ntry' && this.path[this.path.length - 1] === 'Stmt') {
      this.entry.push({ name, attributes, children: [], text: '' });
      this.entryLine = line;
      this.entryNodes = 1;
      this.entryText = 0;
    } else if (name === 'Stmt') {
      this.account = null;
      this.accountCurrency = null;
    }
    this.path.push(name);
  }

  text(text: string): void {
    if (this.entry.length > 0) {
      this.entryText += text.length;
      if (this.entryText > MAX_ENTRY_TEXT) throw new FileFormatError(`The entry starting on line ${this.entryLine} holds more than 256 KB of text`, this.entryLine);
      this.entry[this.entry.length - 1].text += text;
      return;
    }
    if (text.length > MAX_ENTRY_TEXT) throw new FileFormatError('The statement holds a text of more than 256 KB outside its entries');
    const p = this.path;
    const n = p.length;
    if (p[n - 4] === 'Stmt' && p[n - 3] === 'Acct' && p[n - 2] === 'Id' && p[n - 1] === 'IBAN') this.account = (this.account ?? '') + text;
    else if (p[n - 5] === 'Stmt' && p[n - 4] === 'Acct' && p[n - 3] === 'Id' && p[n - 2] === 'Othr' && p[n - 1] === 'Id') this.account = (this.account ?? '') + text;
    else if (p[n - 3] === 'Stmt' && p[n - 2] === 'Acct' && p[n - 1] === 'Ccy') this.accountCurrency = (this.accountCurrency ?? '') + text;
  }

  close(): void {
    this.path.pop();
    if (this.entry.length === 0) return;
    const node = this.entry.pop()!;
    if (this.entry.length > 0) return;
    if (!this.account?.trim()) throw new FileFormatError('The CAMT.053 statement has no account (Stmt/Acct/Id) before its entries', this.entryLine);
    const raw = toJson(node) as Record<string, unknown>;
    try {
      this.out.push(camtEntry(node, normaliseAccount(this.account), this.accountCurrency?.trim() || null, this.entryLine, raw));
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      this.out.push({ ok: false, line: this.entryLine, raw, message: error.message });
    }
  }

  take = (): ParsedRow[] => {
    const rows = this.out;
    this.out = [];
    return rows;
  };
}

function dateOf(node: XNode | undefined, what: string): string | null {
  const value = textAt(node, 'Dt') ?? textAt(node, 'DtTm');
  return value ? parseTimestampDate(value, what) : null;
}

/** The other party's name and account: the debtor of a credit, the creditor of a debit. */
function party(tx: XNode | undefined, role: 'Dbtr' | 'Cdtr'): { name: string | null; account: string | null } {
  const parties = child(tx, 'RltdPties');
  const name = textAt(parties, role, 'Nm') ?? textAt(parties, role, 'Pty', 'Nm');
  const account = textAt(parties, `${role}Acct`, 'Id', 'IBAN') ?? textAt(parties, `${role}Acct`, 'Id', 'Othr', 'Id');
  return { name, account };
}

export function camtEntry(entry: XNode, account: string, accountCurrency: string | null, line: number, raw: Record<string, unknown>): GoodRow {
  const amountNode = child(entry, 'Amt');
  if (!amountNode) throw new RowError('entry has no Amt');
  const currency = parseCurrency(amountNode.attributes.Ccy ?? accountCurrency ?? '', 'Amt@Ccy');
  const signed = parseAmount(amountNode.text, currency, '.', 'Amt');
  if (signed <= 0n) throw new RowError(`Amt ${amountNode.text.trim()} is not a positive amount`);
  const indicator = textAt(entry, 'CdtDbtInd');
  if (indicator !== 'CRDT' && indicator !== 'DBIT') throw new RowError(`CdtDbtInd "${indicator ?? ''}" is neither CRDT nor DBIT`);
  const status = textAt(entry, 'Sts', 'Cd') ?? textAt(entry, 'Sts');
  if (status && status !== 'BOOK') throw new RowError(`entry status ${status} is not booked (BOOK); it is not imported`);
  const bookedOn = dateOf(child(entry, 'BookgDt'), 'BookgDt') ?? dateOf(child(entry, 'ValDt'), 'ValDt');
  if (!bookedOn) throw new RowError('entry has neither BookgDt nor ValDt');
  const valueOn = dateOf(child(entry, 'ValDt'), 'ValDt');
  const reversal = textAt(entry, 'RvslInd') === 'true';
  // Per ISO 20022, CdtDbtInd of a reversal is the direction of the reversing entry itself.
  const direction = indicator === 'CRDT' ? 'credit' : 'debit';

  const transactions = childrenNamed(child(entry, 'NtryDtls'), 'TxDtls');
  const first = transactions[0];
  const endToEnd = textAt(first, 'Refs', 'EndToEndId');
  const reference = textAt(first, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref') ?? (endToEnd && endToEnd !== 'NOTPROVIDED' ? endToEnd : null) ?? textAt(first, 'Refs', 'MndtId');
  const bankReference = textAt(entry, 'AcctSvcrRef') ?? textAt(first, 'Refs', 'AcctSvcrRef');
  const remittance = transactions.flatMap((tx) => childrenNamed(child(tx, 'RmtInf'), 'Ustrd').map((u) => u.text.trim())).filter(Boolean);
  const description = (remittance.join(' ') || textAt(first, 'AddtlTxInf') || textAt(entry, 'AddtlNtryInf') || null)?.slice(0, 2000) ?? null;
  const other = party(first, direction === 'credit' ? 'Dbtr' : 'Cdtr');
  const fallback = other.name ? other : party(first, direction === 'credit' ? 'Cdtr' : 'Dbtr');
  const amount = absolute(signed);

  return bankLineRow(
    line,
    raw,
    {
      account,
      bookedOn,
      valueOn,
      amount,
      currency,
      direction,
      reversal,
      reference,
      bankReference,
      description,
      counterparty: fallback.name,
      counterpartyAccount: fallback.account ? fallback.account.replace(/\s+/g, '') : null,
    },
    [reversal],
  );
}
