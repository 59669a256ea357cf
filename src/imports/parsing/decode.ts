import { TextDecoder } from 'node:util';
import { FileFormatError } from './row.js';

export const TEXT_ENCODINGS = ['utf-8', 'windows-1252', 'iso-8859-1', 'iso-8859-15'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/**
 * Bytes to text in the declared encoding, chunk by chunk. UTF-8 is decoded strictly: a byte
 * sequence that is not UTF-8 (a Latin-1 bank export uploaded without its encoding) refuses the
 * whole file instead of turning "Müller" into "M�ller" in the books.
 */
const TEXT_PIECE = 16 * 1024;

export async function* decodeText(chunks: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<string> {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new FileFormatError(`The file declares the encoding "${encoding}", which Coffer cannot read`);
  }
  let offset = 0;
  for await (const chunk of chunks) {
    // In pieces of at most TEXT_PIECE bytes: what a piece's rows leave alive while the writer waits
    // on the database survives the young generation's collections, and V8 grows the young
    // generation with every byte that survives (peak RSS then grew with the file's length).
    for (let start = 0; start < chunk.length; start += TEXT_PIECE) {
      const piece = chunk.length <= TEXT_PIECE ? chunk : chunk.subarray(start, start + TEXT_PIECE);
      try {
        const text = decoder.decode(piece, { stream: true });
        if (text) yield text;
      } catch {
        throw new FileFormatError(notValid(encoding, offset + start, piece));
      }
    }
    offset += chunk.length;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new FileFormatError(`The file is not valid ${encoding}: it ends in the middle of a character (truncated?)`);
  }
}

function notValid(encoding: string, offset: number, chunk: Buffer): string {
  const hint = encoding === 'utf-8' ? '; a bank export in Latin-1/Windows-1252 needs encoding set in its profile' : '';
  const bad = firstInvalidUtf8(chunk);
  const where = bad >= 0 ? ` at byte ${offset + bad}` : '';
  return `The file is not valid ${encoding}${where}${hint}`;
}

/** Index of the first byte that cannot start or continue a UTF-8 sequence (best effort, for the message). */
function firstInvalidUtf8(chunk: Buffer): number {
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i];
    if (b < 0x80) continue;
    const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) {
      if (i + k >= chunk.length) return -1;
      if ((chunk[i + k] & 0xc0) !== 0x80) return i;
    }
    i += len - 1;
  }
  return -1;
}
