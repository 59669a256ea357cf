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
  ])('%s has %i decimal places', (code, exponent) => {
    expect(isCurrencyCode(code)).toBe(true);
    expect(minorUnitExponent(code)).toBe(exponent);
  });

  it.each(['XYZ', 'eur', 'EURO', '', 'E1R', 'ABC'])('"%s" is not a currency', (code) => {
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
  ])('%s %s = %s minor units', (input, currency, expected) => {
    expect(parseMoney(input, currency)).toBe(expected);
  });

  it.each([
    ['1.234', 'EUR', /more than 2 decimal places/],
    ['1.5', 'JPY', /more than 0 decimal places/],
    ['1.2345', 'BHD', /more than 3 decimal places/],
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
