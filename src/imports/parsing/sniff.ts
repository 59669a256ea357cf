import { FileFormatError } from './row.js';

/** What the first bytes of an upload say it is, before any parser sees it. */
export type Family = 'csv' | 'xml' | 'ofx-sgml';

export const SNIFF_BYTES = 4096;

const BINARY_SIGNATURES: [Buffer, string][] = [
  [Buffer.from('PK\x03\x04', 'latin1'), 'a ZIP archive (an Excel .xlsx or .ods workbook?); export the sheet as CSV'],
  [Buffer.from('%PDF', 'latin1'), 'a PDF document; download the statement as CSV, OFX or CAMT.053 instead'],
  [Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'an old Excel .xls workbook; export it as CSV'],
  [Buffer.from([0x1f, 0x8b]), 'a gzip-compressed file; upload it uncompressed'],
];

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function stripBom(head: Buffer): Buffer {
  return head.subarray(0, 3).equals(UTF8_BOM) ? head.subarray(3) : head;
}

/** Decides the family from content, never from the file name. */
export function sniff(head: Buffer): Family {
  if (head.length === 0) throw new FileFormatError('The file is empty');
  for (const [signature, what] of BINARY_SIGNATURES) {
    if (head.subarray(0, signature.length).equals(signature)) throw new FileFormatError(`The file is ${what}`);
  }
  if (head[0] === 0xff && head[1] === 0xfe) throw new FileFormatError("The file is UTF-16 encoded; save it as UTF-8 or the bank's single-byte encoding");
  if (head[0] === 0xfe && head[1] === 0xff) throw new FileFormatError("The file is UTF-16 encoded; save it as UTF-8 or the bank's single-byte encoding");
  const body = stripBom(head);
  if (body.includes(0)) throw new FileFormatError('The file is binary (it contains NUL bytes), not a text export');
  const text = body.toString('latin1').trimStart();
  if (/^OFXHEADER\s*:/i.test(text)) return 'ofx-sgml';
  if (text.startsWith('<')) {
    // An SGML OFX file sometimes drops its header block and starts with <OFX>.
    if (/^<OFX>/i.test(text)) return 'ofx-sgml';
    return 'xml';
  }
  return 'csv';
}

/** The `encoding` of an XML declaration, lower-cased, or utf-8. */
export function xmlDeclaredEncoding(head: Buffer): string {
  const text = stripBom(head).subarray(0, 200).toString('latin1');
  const match = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(text);
  return match ? match[1].toLowerCase() : 'utf-8';
}

/** The CHARSET/ENCODING of an OFX 1.x header block. */
export function ofxSgmlEncoding(head: Buffer): string {
  const text = head.toString('latin1');
  const encoding = /ENCODING\s*:\s*([A-Za-z0-9-]+)/i.exec(text)?.[1]?.toUpperCase();
  if (encoding === 'UTF-8' || encoding === 'UNICODE') return 'utf-8';
  const charset = /CHARSET\s*:\s*([A-Za-z0-9-]+)/i.exec(text)?.[1]?.toUpperCase();
  if (charset === '1252' || charset === 'WINDOWS-1252') return 'windows-1252';
  if (charset === 'ISO-8859-1' || charset === '8859-1') return 'iso-8859-1';
  // USASCII / NONE: plain ASCII, which windows-1252 reads the same and never refuses.
  return 'windows-1252';
}
