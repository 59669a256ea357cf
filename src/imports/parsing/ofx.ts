import { normaliseAccount } from './bank-csv.js';
import { bankLineRow, FileFormatError, GoodRow, ParsedRow, RowError } from './row.js';
import { absolute, isoDate, parseAmount, parseCurrency } from './values.js';
import type { XmlSink } from './xml.js';

/**
 * Builds statement transactions from OFX elements, whichever syntax carried them: OFX 1.x SGML
 * (leaf elements without end tags) or OFX 2.x XML. `leaf` is an element with a value,
 * `open`/`close` an aggregate.
 */
/** Longest value or pending tag text accepted (a statement's values are short). */
export const MAX_PENDING = 64 * 1024;

const TXN_AGGREGATES = new Set(['PAYEE', 'CURRENCY', 'ORIGCURRENCY', 'BANKACCTTO', 'CCACCTTO', 'IMAGEDATA']);

export class OfxAssembler {
  private readonly stack: { name: string; line: number }[] = [];
  private account: string | null = null;
  private currency: string | null = null;
  private txn: Record<string, string> | null = null;
  private txnDepth = 0;
  private txnLine = 0;
  private out: ParsedRow[] = [];
  sawOfx = false;

  open(name: string, line: number): void {
    if (name === 'OFX') this.sawOfx = true;
    if (name === 'STMTRS' || name === 'CCSTMTRS') [this.account, this.currency] = [null, null];
    this.stack.push({ name, line });
    if (name === 'STMTTRN') [this.txn, this.txnDepth, this.txnLine] = [{}, this.stack.length, line];
  }

  leaf(name: string, value: string): void {
    if (this.txn) {
      // Only real sub-aggregates prefix a name: an empty SGML leaf (`<MEMO>` with no value) looks
      // like an aggregate that is never closed and must not swallow the leaves after it.
      const prefix = this.stack
        .slice(this.txnDepth)
        .map((s) => s.name)
        .filter((n) => TXN_AGGREGATES.has(n));
      this.txn[[...prefix, name].join('.')] = value;
      return;
    }
    const parent = this.stack[this.stack.length - 1]?.name;
    if (name === 'CURDEF') this.currency = value;
    else if (name === 'ACCTID' && (parent === 'BANKACCTFROM' || parent === 'CCACCTFROM')) this.account = value;
  }

  close(name: string): void {
    let index = this.stack.length - 1;
    while (index >= 0 && this.stack[index].name !== name) index--;
    // An end tag of a leaf (allowed in SGML, always there in XML) closes no aggregate.
    if (index < 0) return;
    if (name === 'STMTTRN' && this.txn) this.emit();
    this.stack.length = index;
  }

  end(): void {
    if (!this.sawOfx) throw new FileFormatError('The file has an OFX header but no <OFX> element');
    const open = this.stack[this.stack.length - 1];
    if (open) throw new FileFormatError(`The OFX file ends inside <${open.name}> opened on line ${open.line}: it is truncated`, open.line);
  }

  take = (): ParsedRow[] => {
    const rows = this.out;
    this.out = [];
    return rows;
  };

  private emit(): void {
    const raw = this.txn!;
    this.txn = null;
    if (!this.account) throw new FileFormatError('The OFX statement names no account (BANKACCTFROM/ACCTID) before its transactions', this.txnLine);
    try {
      this.out.push(ofxTransaction(raw, normaliseAccount(this.account), this.currency, this.txnLine));
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      this.out.push({ ok: false, line: this.txnLine, raw, message: error.message });
    }
  }
}

/** OFX date-times are YYYYMMDD[HHMMSS[.XXX]][[offset:TZ]]; the bank's calendar day is the first 8 digits. */
export function ofxDate(value: string | undefined, what: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec((value ?? '').trim());
  if (!match) throw new RowError(value ? `${what} "${value}" is not an OFX date` : `${what} is missing`);
  return isoDate(Number(match[1]), Number(match[2]), Number(match[3]), value!, what);
}

export function ofxTransaction(t: Record<string, string>, account: string, statementCurrency: string | null, line: number): GoodRow {
  const currency = parseCurrency(t['CURRENCY.CURSYM'] ?? statementCurrency ?? '', 'CURDEF');
  const amountText = t.TRNAMT;
  // Some European banks write OFX amounts with a decimal comma.
  const separator = amountText && amountText.includes(',') && !amountText.includes('.') ? ',' : '.';
  const signed = parseAmount(amountText, currency, separator, 'TRNAMT');
  if (signed === 0n) throw new RowError('TRNAMT is zero');
  const bookedOn = ofxDate(t.DTPOSTED, 'DTPOSTED');
  const valueOn = t.DTAVAIL ? ofxDate(t.DTAVAIL, 'DTAVAIL') : null;
  const bankReference = t.FITID?.trim() || null;
  if (!bankReference) throw new RowError('FITID is missing');
  const counterparty = t.NAME ?? t['PAYEE.NAME'] ?? null;
  const description = t.MEMO ?? counterparty;
  const reference = t.REFNUM ?? t.CHECKNUM ?? null;
  const direction = signed < 0n ? 'debit' : 'credit';
  const amount = absolute(signed);
  return bankLineRow(line, t, {
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
    counterpartyAccount: t['BANKACCTTO.ACCTID'] ?? null,
  });
}

/** Adapts saxes events (OFX 2.x XML) to the assembler: an element with no child elements is a leaf. */
export class OfxXmlSink implements XmlSink {
  readonly ofx = new OfxAssembler();
  private readonly stack: { name: string; text: string; opened: boolean; line: number }[] = [];

  open(name: string, _attributes: Record<string, string>, line: number): void {
    if (this.stack.length >= 64) throw new FileFormatError('The OFX file nests deeper than 64 elements', line);
    const parent = this.stack[this.stack.length - 1];
    if (parent && !parent.opened) {
      this.ofx.open(parent.name, parent.line);
      parent.opened = true;
    }
    this.stack.push({ name: name.toUpperCase(), text: '', opened: false, line });
  }

  text(text: string): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    top.text += text;
    if (top.text.length > MAX_PENDING) throw new FileFormatError(`<${top.name}> holds more than 64 KB of text`);
  }

  close(): void {
    const element = this.stack.pop();
    if (!element) return;
    if (element.opened) this.ofx.close(element.name);
    else this.ofx.leaf(element.name, element.text.trim());
  }
}
