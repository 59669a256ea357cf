import { isCurrencyCode, minorUnitExponent } from './currency.js';
import { formatMoney, jsonAmount, MoneyError, parseMoney, toDecimalString, toSafeNumber } from './money.js';

describe('currencies', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['JPY', 0],
    ['BHD', 3],
    ['KWD', 3],
    ['CLP', 0],
    // ISO 4217, where ICU's CLDR digits differ (ICU says 0 for each of these).
    ['HUF', 2],
    ['IDR', 2],
    ['COP', 2],
    ['IQD', 3],
    ['LAK', 2],
    ['TWD', 2],
    // Stripe's special cases: zero-decimal in ISO, two-decimal in Stripe's API.
    ['ISK', 2],
    ['UGX', 2],
    // Newer than the ISO table in currency-codes, known to the runtime.
    ['XCG', 2],
  ])('%s has %i decimal places', (code, exponent) => {
    expect(isCurrencyCode(code)).toBe(true);
    expect(minorUnitExponent(code)).toBe(exponent);
  });

  it.each(['XYZ', 'eur', 'EURO', '', 'E1R', 'ABC', 'XAU', 'XXX', 'XTS'])('"%s" is not a currency', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
  });
});

describe('parseMoney', () => {
  it.each([
    ['25.00', 'EUR', 2500n],
    ['25', 'EUR', 2500n],
    ['25.5', 'EUR', 2550n],
    ['0.01', 'USD', 1n],
    ['-12.34', 'EUR', -1234n],
    ['+7', 'EUR', 700n],
    ['1,234.56', 'USD', 123456n],
    ['1 234.56', 'EUR', 123456n],
    ['500', 'JPY', 500n],
    ['1.234', 'BHD', 1234n],
    ['-0.005', 'BHD', -5n],
    ['92233720368547758.07', 'EUR', 9223372036854775807n],
    ['123456789012345678901234567890.99', 'USD', 12345678901234567890123456789099n],
    ['1000.00', 'HUF', 100000n],
    ['1000', 'HUF', 100000n],
    ['15000.50', 'IDR', 1500050n],
    ['250000', 'COP', 25000000n],
    ['1.250', 'IQD', 1250n],
    ['10000.5', 'LAK', 1000050n],
    ['5', 'ISK', 500n],
  ])('%s %s = %s minor units', (input, currency, expected) => {
    expect(parseMoney(input, currency)).toBe(expected);
  });

  it.each([
    ['1.234', 'EUR', /more than 2 decimal places/],
    ['1.5', 'JPY', /more than 0 decimal places/],
    ['1.2345', 'BHD', /more than 3 decimal places/],
    ['1.001', 'HUF', /more than 2 decimal places/],
    ['1.0001', 'IQD', /more than 3 decimal places/],
    ['abc', 'EUR', /not a decimal amount/],
    ['1e3', 'EUR', /not a decimal amount/],
    ['', 'EUR', /not a decimal amount/],
    ['--1', 'EUR', /not a decimal amount/],
    ['1', 'XYZ', /Unknown currency/],
  ])('refuses %s %s', (input, currency, message) => {
    expect(() => parseMoney(input, currency)).toThrow(MoneyError);
    expect(() => parseMoney(input, currency)).toThrow(message);
  });
});

describe('toDecimalString and formatMoney', () => {
  it.each([
    [2500n, 'EUR', '25.00'],
    [-5n, 'EUR', '-0.05'],
    [0n, 'EUR', '0.00'],
    [500n, 'JPY', '500'],
    [1234n, 'BHD', '1.234'],
    [-1n, 'BHD', '-0.001'],
    [9007199254740993n, 'USD', '90071992547409.93'],
    [100000n, 'HUF', '1000.00'],
    [1500050n, 'IDR', '15000.50'],
    [25000000n, 'COP', '250000.00'],
    [1250n, 'IQD', '1.250'],
    [1000050n, 'LAK', '10000.50'],
  ])('%s %s is %s', (minor, currency, expected) => {
    expect(toDecimalString(minor, currency)).toBe(expected);
    expect(parseMoney(expected, currency)).toBe(minor);
  });

  it.each([
    [123456n, 'EUR', 'en', '€1,234.56'],
    [123456n, 'EUR', 'de', '1.234,56 €'],
    [-2500n, 'USD', 'en', '-$25.00'],
    [500n, 'JPY', 'en', '¥500'],
    [1234n, 'BHD', 'en', 'BHD 1.234'],
    [123456789012345678901234n, 'EUR', 'en', '€1,234,567,890,123,456,789,012.34'],
    // Stripe's HUF 100000 is 1,000 forints, not 100,000.
    [100000n, 'HUF', 'en', 'HUF 1,000'],
    [100045n, 'HUF', 'en', 'HUF 1,000.45'],
    [100000n, 'HUF', 'de', '1.000 HUF'],
    [1500000n, 'IDR', 'en', 'IDR 15,000'],
    [25000000n, 'COP', 'en', 'COP 250,000'],
    [1250n, 'IQD', 'en', 'IQD 1.25'],
    [1000000n, 'LAK', 'en', 'LAK 10,000'],
    [50000n, 'ISK', 'en', 'ISK 500'],
  ])('%s %s in %s reads %s', (minor, currency, locale, expected) => {
    expect(formatMoney(minor, currency, locale).replace(/\u00a0/g, ' ')).toBe(expected);
  });
});

describe('toSafeNumber', () => {
  it('passes safe integers from pg bigint strings', () => {
    expect(toSafeNumber('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(toSafeNumber('-42')).toBe(-42);
  });
  it.each(['9007199254740993', '1.5', 'x'])('refuses %s', (value) => {
    expect(() => toSafeNumber(value)).toThrow(MoneyError);
  });
});

describe('jsonAmount (issue 10 item 8)', () => {
  it.each([
    ['0', 0],
    ['-2500', -2500],
    [String(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER],
    ['9007199254740992', '9007199254740992'],
    ['-123456789012345678901234', '-123456789012345678901234'],
  ])('%s → %p', (value, expected) => {
    expect(jsonAmount(value)).toBe(expected);
  });
});
