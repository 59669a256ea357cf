import { MAX_PENDING, OfxAssembler } from './ofx.js';
import { FileFormatError, ParsedRow } from './row.js';

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
