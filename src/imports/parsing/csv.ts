import { CsvReader, CsvSyntaxError } from './csv-reader.js';
import { FileFormatError, ParsedRow, RowError } from './row.js';

/** One record's fields, in header order; kept as the row's raw form. */
export type RawCsvRow = string[];
/** Turns one data row into a canonical row; throws RowError for a bad value. */
export type CsvRowMapper = (raw: RawCsvRow, line: number) => ParsedRow;

export interface CsvOptions {
  delimiter: string;
  /** 1-based line of the header; lines above it (a bank's preamble) are skipped. */
  headerLine: number;
}

/**
 * Streams a delimited text file as batches of canonical rows, one batch per chunk of text. The
 * record at `headerLine` is the header; `choose` decides from it how the rows are read, or
 * refuses the file. A record with another field count than the header means the file is cut off
 * or not this CSV: the whole file is refused rather than reading values from the wrong columns.
 */
export async function* csvRows(
  text: AsyncIterable<string>,
  options: CsvOptions,
  choose: (header: string[]) => CsvRowMapper,
  onHeader?: (header: string[]) => void,
): AsyncGenerator<ParsedRow[]> {
  const reader = new CsvReader(options.delimiter);
  let header: string[] | undefined;
  let mapper: CsvRowMapper | undefined;
  let out: ParsedRow[] = [];
  const onRecord = (fields: string[], line: number) => {
    if (line < options.headerLine) return;
    if (!header) {
      header = uniqueNames(fields.map((name) => name.trim()));
      mapper = choose(header);
      onHeader?.(header);
      return;
    }
    if (fields.length !== header.length) {
      throw new FileFormatError(
        `Line ${line} has ${fields.length} fields but the header has ${header.length}: the file is truncated, or not this kind of CSV (is the delimiter right?)`,
        line,
      );
    }
    try {
      out.push(mapper!(fields, line));
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      out.push({ ok: false, line, raw: fields, message: error.message });
    }
  };
  try {
    let first = true;
    for await (let chunk of text) {
      if (first && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
      reader.write(chunk, onRecord);
      if (out.length) {
        yield out;
        out = [];
      }
    }
    reader.end(onRecord);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new FileFormatError(error.message, error.line);
    throw error;
  }
  if (!header) throw new FileFormatError('The file has no header row');
  if (out.length) yield out;
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

/**
 * The index of the first of `candidates` present in the header (case-insensitive), for exports
 * whose column names changed over time.
 */
export function pickColumn(header: readonly string[], candidates: readonly string[]): number | undefined {
  const lower = header.map((name) => name.toLowerCase());
  for (const candidate of candidates) {
    const index = lower.indexOf(candidate.toLowerCase());
    if (index >= 0) return index;
  }
  return undefined;
}
