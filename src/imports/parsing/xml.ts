import { SaxesParser } from 'saxes';
import { FileFormatError } from './row.js';

/** What a streaming XML consumer receives; names are local (namespace prefix removed). */
export interface XmlSink {
  open(name: string, attributes: Record<string, string>, line: number): void;
  text(text: string): void;
  close(name: string): void;
}

export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * Feeds text chunks through saxes and hands out what `sink` collected after each chunk, so a
 * statement of any size is read in constant memory. saxes never expands entities declared in a
 * DTD and never fetches external ones; on top of that any DOCTYPE is refused outright, which
 * takes "billion laughs" and XXE files off the table before a single entity is seen.
 */
export async function* readXml<T>(text: AsyncIterable<string>, sink: XmlSink, take: () => T[]): AsyncGenerator<T[]> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.on('doctype', () => {
    throw new FileFormatError('The XML declares a DOCTYPE; Coffer refuses DTDs in uploaded files (no entity expansion, no external entities)', parser.line);
  });
  parser.on('opentag', (node) => sink.open(localName(node.name), node.attributes as Record<string, string>, parser.line));
  parser.on('text', (t) => sink.text(t));
  parser.on('cdata', (t) => sink.text(t));
  parser.on('closetag', (node) => sink.close(localName(node.name)));
  parser.on('error', (error) => {
    throw error;
  });
  const wellFormed = (work: () => void) => {
    try {
      work();
    } catch (error) {
      if (error instanceof FileFormatError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const truncated = /unclosed|end of|not closed|incomplete/i.test(message) ? ' (the file looks truncated)' : '';
      throw new FileFormatError(`The XML is not well-formed${truncated}: ${message}`, parser.line);
    }
  };
  for await (const chunk of text) {
    wellFormed(() => parser.write(chunk));
    const rows = take();
    if (rows.length) yield rows;
  }
  wellFormed(() => parser.close());
  const rows = take();
  if (rows.length) yield rows;
}

/** A small element tree for one statement entry: kept raw, and read by path. */
export interface XNode {
  name: string;
  attributes: Record<string, string>;
  children: XNode[];
  text: string;
}

export function child(node: XNode | undefined, ...path: string[]): XNode | undefined {
  let current = node;
  for (const name of path) {
    current = current?.children.find((c) => c.name === name);
    if (!current) return undefined;
  }
  return current;
}

export function childrenNamed(node: XNode | undefined, name: string): XNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Trimmed text at `path`, or null when absent or empty. */
export function textAt(node: XNode | undefined, ...path: string[]): string | null {
  const found = child(node, ...path);
  const value = found?.text.trim();
  return value ? value : null;
}

/** The tree as plain JSON for `import_rows.raw`: repeated elements become arrays, attributes "@Name". */
export function toJson(node: XNode): unknown {
  const attributes = Object.entries(node.attributes).filter(([name]) => !name.startsWith('xmlns'));
  if (node.children.length === 0 && attributes.length === 0) return node.text.trim();
  const out: Record<string, unknown> = {};
  for (const [name, value] of attributes) out[`@${name}`] = value;
  if (node.children.length === 0) out['#text'] = node.text.trim();
  for (const c of node.children) {
    const value = toJson(c);
    const existing = out[c.name];
    if (existing === undefined) out[c.name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[c.name] = [existing, value];
  }
  return out;
}
