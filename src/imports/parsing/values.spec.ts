import { parseAmount, parseDate, parseTimestampDate, DateFormat, DecimalSeparator } from './values.js';

describe('parseAmount', () => {
  it.each<[string, string, DecimalSeparator, bigint]>([
    ['12.50', 'EUR', '.', 1250n],
    ['-12.50', 'EUR', '.', -1250n],
    ['1,234.56', 'USD', '.', 123456n],
    ['1.234,56', 'EUR', ',', 123456n],
    ['-1.234,56', 'EUR', ',', -123456n],
    ['12,5', 'EUR', ',', 1250n],
    ['12,50-', 'EUR', ',', -1250n],
    ['(3.00)', 'USD', '.', -300n],
    ['$5.00', 'USD', '.', 500n],
    ['1 234,00 €', 'EUR', ',', 123400n],
    ['+0.01', 'EUR', '.', 1n],
    ['1000', 'JPY', '.', 1000n],
    ['1.500', 'BHD', '.', 1500n],
    ['0', 'EUR', '.', 0n],
  ])('%s %s with "%s" is %s minor units', (text, currency, separator, expected) => {
    expect(parseAmount(text, currency, separator)).toBe(expected);
  });

  it.each<[string, string, DecimalSeparator, RegExp]>([
    ['12.50', 'EUR', ',', /decimal separator/],
    ['12,50', 'EUR', '.', /decimal separator/],
    ['1.2.3', 'EUR', '.', /decimal amount/],
    ['12.345', 'EUR', '.', /more than 2 decimal places/],
    ['1.5', 'JPY', '.', /more than 0 decimal places/],
    ['', 'EUR', '.', /empty/],
    ['abc', 'EUR', '.', /not a decimal amount/],
    ['1e3', 'EUR', '.', /not a decimal amount/],
    ['12,34,5', 'EUR', '.', /not a decimal amount/],
  ])('refuses %s %s with "%s"', (text, currency, separator, message) => {
    expect(() => parseAmount(text, currency, separator)).toThrow(message);
  });
});

describe('parseDate', () => {
  it.each<[string, DateFormat, string]>([
    ['2026-10-01', 'YYYY-MM-DD', '2026-10-01'],
    ['01.10.2026', 'DD.MM.YYYY', '2026-10-01'],
    ['1.2.2026', 'DD.MM.YYYY', '2026-02-01'],
    ['29.02.24', 'DD.MM.YY', '2024-02-29'],
    ['10/01/2026', 'MM/DD/YYYY', '2026-10-01'],
    ['10/01/2026', 'DD/MM/YYYY', '2026-01-10'],
    ['20261001', 'YYYYMMDD', '2026-10-01'],
  ])('%s as %s is %s', (text, format, expected) => {
    expect(parseDate(text, format)).toBe(expected);
  });

  it.each<[string, DateFormat, RegExp]>([
    ['31.02.2026', 'DD.MM.YYYY', /not a real calendar date/],
    ['2026-13-01', 'YYYY-MM-DD', /not a real calendar date/],
    ['2026-10-01', 'DD.MM.YYYY', /not in the format DD.MM.YYYY/],
    ['', 'YYYY-MM-DD', /empty/],
  ])('refuses %s as %s', (text, format, message) => {
    expect(() => parseDate(text, format)).toThrow(message);
  });

  it.each([
    ['2026-10-01 07:46:37', '2026-10-01'],
    ['2023-04-08 17:45:28.731953', '2023-04-08'],
    ['2026-10-01T07:46:37Z', '2026-10-01'],
    ['2026-10-01T07:46:37+02:00', '2026-10-01'],
  ])('takes the date of the timestamp %s', (text, expected) => {
    expect(parseTimestampDate(text)).toBe(expected);
  });
});
