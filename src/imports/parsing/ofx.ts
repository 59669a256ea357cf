import { normaliseAccount } from './bank-csv.js';
import { FileFormatError, GoodRow, ParsedRow, RowError } from './row.js';
import { absolute, isoDate, parseAmount, parseCurrency } from './values.js';
import type { XmlSink } from './xml.js';

/**
 * Builds statement transactions from OFX elements, whichever syntax carried them: OFX 1.x SGML
 * (leaf elements without end tags) or OFX 2.x XML. `leaf` is an element with a value,
 * `open`/`close` an aggregate.
 */
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
      const prefix = this.stack.slice(this.txnDepth).map((s) => s.name).filter((n) => TXN_AGGREGATES.has(n));
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
  return {
    ok: true,
    line,
    raw: t,
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
      counterpartyAccount: t['BANKACCTTO.ACCTID'] ?? null,
    },
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const MAX_PENDING = 64 * 1024;

/**
 * OFX 1.x SGML, chunk by chunk: `<NAME>value` is a leaf, `<NAME>` followed by another tag opens
 * an aggregate, `</NAME>` closes one. The header block before `<OFX>` is skipped.
 */
export async function* readOfxSgml(text: AsyncIterable<string>): AsyncGenerator<ParsedRow[]> {
  const ofx = new OfxAssembler();
  let pending = '';
  let line = 1;
  let started = false;
  let openTag: { name: string; line: number } | null = null;

  const flushText = (content: string) => {
    if (!openTag) return;
    const value = decodeEntities(content.trim());
    if (value) ofx.leaf(openTag.name, value);
    else ofx.open(openTag.name, openTag.line);
    openTag = null;
  };

  for await (const chunk of text) {
    pending += chunk;
    let cursor = 0;
    for (;;) {
      const lt = pending.indexOf('<', cursor);
      if (lt < 0) break;
      const gt = pending.indexOf('>', lt);
      if (gt < 0) break;
      const between = pending.slice(cursor, lt);
      line += countNewlines(between);
      if (started) flushText(between);
      const tag = pending.slice(lt + 1, gt).trim();
      line += countNewlines(tag);
      if (/^!doctype/i.test(tag)) throw new FileFormatError('The OFX file declares a DOCTYPE; Coffer refuses DTDs in uploaded files', line);
      if (tag.startsWith('/')) {
        if (started) ofx.close(tag.slice(1).trim().toUpperCase());
      } else if (!tag.startsWith('!') && !tag.startsWith('?')) {
        const name = tag.toUpperCase();
        if (!/^[A-Z0-9_.]+$/.test(name)) throw new FileFormatError(`"<${tag.slice(0, 40)}>" is not an OFX tag`, line);
        if (name === 'OFX') started = true;
        if (started) openTag = { name, line };
      }
      cursor = gt + 1;
    }
    pending = pending.slice(cursor);
    if (pending.length > MAX_PENDING) throw new FileFormatError('The OFX file has a value longer than 64 KB or an unterminated tag', line);
    yield ofx.take();
  }
  if (started) flushText(pending);
  yield ofx.take();
  ofx.end();
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Adapts saxes events (OFX 2.x XML) to the assembler: an element with no child elements is a leaf. */
export class OfxXmlSink implements XmlSink {
  readonly ofx = new OfxAssembler();
  private readonly stack: { name: string; text: string; opened: boolean; line: number }[] = [];

  open(name: string, _attributes: Record<string, string>, line: number): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent && !parent.opened) {
      this.ofx.open(parent.name, parent.line);
      parent.opened = true;
    }
    this.stack.push({ name: name.toUpperCase(), text: '', opened: false, line });
  }

  text(text: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.text += text;
  }

  close(): void {
    const element = this.stack.pop();
    if (!element) return;
    if (element.opened) this.ofx.close(element.name);
    else this.ofx.leaf(element.name, element.text.trim());
  }
}
