import { CsvReader } from './csv-reader.js';

function read(text: string, delimiter = ',', chunk = text.length || 1): [string[], number][] {
  const reader = new CsvReader(delimiter);
  const out: [string[], number][] = [];
  const emit = (fields: string[], line: number) => out.push([fields, line]);
  for (let i = 0; i < text.length; i += chunk) reader.write(text.slice(i, i + chunk), emit);
  reader.end(emit);
  return out;
}

describe('CsvReader', () => {
  it.each<[string, string, string, [string[], number][]]>([
    [
      'plain rows',
      'a,b\n1,2\n',
      ',',
      [
        [['a', 'b'], 1],
        [['1', '2'], 2],
      ],
    ],
    [
      'no final newline',
      'a,b\n1,2',
      ',',
      [
        [['a', 'b'], 1],
        [['1', '2'], 2],
      ],
    ],
    [
      'CRLF line ends',
      'a;b\r\n1;2\r\n',
      ';',
      [
        [['a', 'b'], 1],
        [['1', '2'], 2],
      ],
    ],
    [
      'old Mac CR line ends',
      'a,b\r1,2\r',
      ',',
      [
        [['a', 'b'], 1],
        [['1', '2'], 2],
      ],
    ],
    [
      'empty lines skipped, lines still counted',
      'a,b\n\n1,2\n\n',
      ',',
      [
        [['a', 'b'], 1],
        [['1', '2'], 3],
      ],
    ],
    ['quoted delimiter and escaped quote', '"x, y","say ""hi"""\n', ',', [[['x, y', 'say "hi"'], 1]]],
    [
      'line break inside quotes',
      '"Müller\nStraße",2\n3,4\n',
      ',',
      [
        [['Müller\nStraße', '2'], 1],
        [['3', '4'], 3],
      ],
    ],
    [
      'empty fields',
      ',,\n"",x,\n',
      ',',
      [
        [['', '', ''], 1],
        [['', 'x', ''], 2],
      ],
    ],
    [
      'tab delimiter',
      'a\tb\n1\t2\n',
      '\t',
      [
        [['a', 'b'], 1],
        [['1', '2'], 2],
      ],
    ],
    ['quote in an unquoted field kept as text', 'a 5" disk,b\n', ',', [[['a 5" disk', 'b'], 1]]],
  ])('%s', (_what, text, delimiter, expected) => {
    expect(read(text, delimiter)).toEqual(expected);
    for (const chunk of [1, 2, 3, 5]) expect(read(text, delimiter, chunk)).toEqual(expected);
  });

  it.each([
    ['an unclosed quote at the end', 'a,b\n1,"open\n', /ends inside a quoted field opened on line 2: it is truncated/],
    ['text after a closing quote', '"a"b,c\n', /Line 1 has text after the closing quote/],
    ['a record of a million fields', `a,b\n${','.repeat(1_000_000)}\n`, /Line 2 has more than 1000 fields/],
    ['a field of more than 1 MB', `a\n"${'x'.repeat(1_100_000)}"\n`, /longer than 1 MB/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => read(text)).toThrow(message);
  });
});
