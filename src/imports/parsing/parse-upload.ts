import { bankCsvMapper, BankCsvProfile } from './bank-csv.js';
import { Camt053Sink, camtMessage } from './camt053.js';
import { csvRows } from './csv.js';
import { decodeText } from './decode.js';
import { springPayoutsMapper } from './merch.js';
import { OfxXmlSink } from './ofx.js';
import { readOfxSgml } from './ofx-sgml.js';
import { detectPatreonFormat, patreonEarningsMapper, patreonMembersMapper } from './patreon.js';
import { FileFormatError, ImportFormat, ImportKind, ParsedRow } from './row.js';
import { ofxSgmlEncoding, sniff, SNIFF_BYTES, xmlDeclaredEncoding } from './sniff.js';
import { readXml, XmlSink } from './xml.js';

export interface ParseRequest {
  kind: ImportKind;
  profile?: BankCsvProfile;
  /** Today's date (YYYY-MM-DD), for refusing months that are not over yet. */
  today: string;
}

/** Filled in as soon as the content has said what it is. */
export interface ParseContext {
  format?: ImportFormat;
  /** A CSV's header, which names the fields of each row's raw form. */
  columns?: string[];
}

/**
 * Any supported upload to canonical rows, streaming, in batches (one per chunk read). The format comes from the content (the
 * first bytes, then the CSV header or the XML root), never from the file name; a file that is
 * not what `kind` says is refused with a message naming what it is.
 */
export async function* parseUpload(chunks: AsyncIterable<Buffer>, request: ParseRequest, context: ParseContext): AsyncGenerator<ParsedRow[]> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let done = false;
  while (headLength < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headLength += next.value.length;
  }
  const first = Buffer.concat(head);
  const family = sniff(first);
  async function* all(): AsyncGenerator<Buffer> {
    try {
      yield first;
      if (done) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // Hand-driven iterators are not closed by for-await: close it, so the upload can be drained.
      await iterator.return?.();
    }
  }

  if (family !== 'csv' && request.kind !== 'bank') {
    throw new FileFormatError(`kind "${request.kind}" expects a CSV export, but the file is ${family === 'xml' ? 'an XML document' : 'an OFX statement'}`);
  }
  if (family === 'ofx-sgml') {
    context.format = 'ofx-sgml';
    yield* readOfxSgml(decodeText(all(), ofxSgmlEncoding(first)));
    return;
  }
  if (family === 'xml') {
    yield* readBankXml(decodeText(all(), xmlDeclaredEncoding(first)), context);
    return;
  }
  if (request.kind === 'patreon') {
    yield* csvRows(
      decodeText(all(), 'utf-8'),
      { delimiter: ',', headerLine: 1 },
      (header) => {
        const format = detectPatreonFormat(header);
        context.format = format;
        return format === 'patreon-members-csv' ? patreonMembersMapper(header) : patreonEarningsMapper(header, request.today);
      },
      (header) => (context.columns = header),
    );
  } else if (request.kind === 'merch') {
    context.format = 'spring-payouts-csv';
    yield* csvRows(decodeText(all(), 'utf-8'), { delimiter: ',', headerLine: 1 }, springPayoutsMapper, (header) => (context.columns = header));
  } else {
    const profile = request.profile;
    if (!profile) {
      throw new FileFormatError('A bank CSV needs a profile (multipart field "profile") naming its columns; create one with POST /api/v1/imports/profiles');
    }
    context.format = 'bank-csv';
    yield* csvRows(
      decodeText(all(), profile.encoding),
      { delimiter: profile.delimiter, headerLine: profile.headerLine },
      (header) => bankCsvMapper(profile, header),
      (header) => (context.columns = header),
    );
  }
}

/** Decides at the root element whether the XML is a CAMT.053 statement or OFX 2.x. */
async function* readBankXml(text: AsyncIterable<string>, context: ParseContext): AsyncGenerator<ParsedRow[]> {
  let inner: XmlSink | undefined;
  let take: () => ParsedRow[] = () => [];
  let ofx: OfxXmlSink | undefined;
  const sink: XmlSink = {
    open(name, attributes, line) {
      if (!inner) {
        if (name === 'Document') {
          const message = camtMessage(attributes);
          if (!message) throw new FileFormatError('The XML <Document> has no ISO 20022 namespace; is it a CAMT.053 statement?');
          if (!/^camt\.053\.001\.(0[2-9]|1\d)$/.test(message)) {
            throw new FileFormatError(`The file is an ISO 20022 ${message} message; Coffer imports account statements as camt.053.001.02 or later`);
          }
          const camt = new Camt053Sink();
          [inner, take, context.format] = [camt, camt.take, 'camt053'];
        } else if (name.toUpperCase() === 'OFX') {
          ofx = new OfxXmlSink();
          [inner, take, context.format] = [ofx, ofx.ofx.take, 'ofx-xml'];
        } else {
          throw new FileFormatError(`The XML's root element <${name}> is neither a CAMT.053 <Document> nor <OFX>`);
        }
      }
      inner.open(name, attributes, line);
    },
    text: (t) => inner?.text(t),
    close: (name) => inner?.close(name),
  };
  yield* readXml(text, sink, () => take());
  if (!inner) throw new FileFormatError('The XML has no root element');
  if (ofx) {
    yield ofx.ofx.take();
    ofx.ofx.end();
  }
}
