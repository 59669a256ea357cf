/** Largest CV accepted: 5 MB. */
export const CV_MAX_BYTES = 5 * 1024 * 1024;

const HEADER = /^%PDF-[12]\.\d/;
/** The end of a PDF: `startxref <offset> %%EOF`, within its last kilobyte (trailing whitespace allowed). */
const TRAILER = /startxref\s+(\d+)\s+%%EOF\s*$/;
const TAIL_BYTES = 1024;

/** Well-known things a renamed file tends to be, named in the refusal. */
const KNOWN_MAGIC: [string, Buffer][] = [
  ['an ELF executable', Buffer.from([0x7f, 0x45, 0x4c, 0x46])],
  ['a Windows executable (MZ)', Buffer.from('MZ')],
  ['a ZIP archive (or Office document)', Buffer.from([0x50, 0x4b, 0x03, 0x04])],
  ['a shell script', Buffer.from('#!')],
];

/**
 * Is this a PDF, judged by its bytes and never by its name or declared type: the `%PDF-`
 * header, and a parse sanity check of its end — `startxref` naming an offset inside the file
 * where a cross-reference table (`xref`) or stream (`n g obj`) begins, then `%%EOF` — and the
 * table's first entry pointing at an object. Returns why not, or null when it is one.
 */
export function pdfProblem(bytes: Buffer): string | null {
  if (bytes.length === 0) return 'the file is empty';
  const head = bytes.subarray(0, 16).toString('latin1');
  if (!HEADER.test(head)) {
    const known = KNOWN_MAGIC.find(([, magic]) => bytes.subarray(0, magic.length).equals(magic));
    return `the file is not a PDF (it does not start with %PDF-${known ? `; it looks like ${known[0]}` : ''})`;
  }
  const tail = bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)).toString('latin1');
  const trailer = TRAILER.exec(tail);
  if (!trailer) return 'the PDF is incomplete or damaged (no startxref … %%EOF at its end)';
  const offset = Number(trailer[1]);
  if (!Number.isSafeInteger(offset) || offset <= 0 || offset >= bytes.length) return 'the PDF is damaged (its cross-reference offset points outside the file)';
  const atXref = bytes
    .subarray(offset, offset + 4096)
    .toString('latin1')
    .replace(/^\s+/, '');
  // A cross-reference stream is itself an object; a table names where its objects are.
  if (/^\d+\s+\d+\s+obj\b/.test(atXref)) return null;
  if (!/^xref\b/.test(atXref)) return 'the PDF is damaged (no cross-reference table where its trailer says)';
  const firstInUse = /(\d{10}) \d{5} n/.exec(atXref);
  if (!firstInUse) return 'the PDF has no objects';
  const objectAt = Number(firstInUse[1]);
  if (objectAt >= bytes.length || !/^\d+\s+\d+\s+obj\b/.test(bytes.subarray(objectAt, objectAt + 32).toString('latin1'))) {
    return 'the PDF is damaged (its cross-reference table does not point at an object)';
  }
  return null;
}
