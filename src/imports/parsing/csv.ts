import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { FileFormatError, ParsedRow, RowError } from './row.js';

export type RawCsvRow = Record<string, string>;
/** Turns one data row into a canonical row; throws RowError for a bad value. */
export type CsvRowMapper = (raw: RawCsvRow, line: number) => ParsedRow;

export interface CsvOptions {
  delimiter: string;
  /** 1-based line of the header; lines above it (a bank's preamble) are skipped. */
  headerLine: number;
}

/**
 * Streams a delimited text file as canonical rows. The first record (at `headerLine`) is the
 * header; `choose` decides from it how the rows are read, or refuses the file. A record with
 * another field count than the header means the file is cut off or not this CSV: the whole
 * file is refused rather than reading values from the wrong columns.
 */
export async function* csvRows(
  text: AsyncIterable<string>,
  options: CsvOptions,
  choose: (header: string[]) => CsvRowMapper,
): AsyncGenerator<ParsedRow> {
  const source = Readable.from(text, { objectMode: false, encoding: 'utf8' } as never);
  const parser = parse({
    delimiter: options.delimiter,
    from_line: options.headerLine,
    bom: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: 1024 * 1024,
  });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let header: string[] | undefined;
  let mapper: CsvRowMapper | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = uniqueNames(record.map((name) => name.trim()));
        mapper = choose(header);
        continue;
      }
      const raw: RawCsvRow = {};
      for (let i = 0; i < header.length; i++) raw[header[i]] = record[i];
      try {
        yield mapper!(raw, info.lines);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        yield { ok: false, line: info.lines, raw, message: error.message };
      }
    }
  } catch (error) {
    if (error instanceof CsvError) throw new FileFormatError(describeCsvError(error), csvErrorLine(error));
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
  if (!header) throw new FileFormatError('The file has no header row');
}

function csvErrorLine(error: CsvError): number | undefined {
  const lines = Number(error.lines);
  return Number.isInteger(lines) && lines > 0 ? lines : undefined;
}

function describeCsvError(error: CsvError): string {
  const line = csvErrorLine(error) ?? '?';
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return `Line ${line} has a different number of fields than the header: the file is truncated, or not this kind of CSV (${error.message})`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return `The file ends inside a quoted field opened on line ${line}: it is truncated`;
    default:
      return `The CSV is malformed at line ${line} (is the delimiter right?): ${error.message}`;
  }
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

/** The first of `candidates` present in the header, for exports whose column names changed over time. */
export function pickColumn(header: readonly string[], candidates: readonly string[]): string | undefined {
  const lower = new Map(header.map((name) => [name.toLowerCase(), name]));
  for (const candidate of candidates) {
    const found = lower.get(candidate.toLowerCase());
    if (found) return found;
  }
  return undefined;
}
