import { date, money, month, parseTypedAmount } from './page-format.js';

describe('page formatting', () => {
  it.each([
    ['15', 2, 1500],
    ['15.5', 2, 1550],
    ['15.50', 2, 1550],
    ['15,50', 2, 1550],
    ['1,250.50', 2, 125050],
    ['1.250,50', 2, 125050],
    ['25.000,50', 2, 2500050],
    ['1.000.000', 2, 100000000],
    [' 2 500 ', 2, 250000],
    ['1000', 0, 1000],
  ])('reads %j as %i minor units (exponent %i)', (input, exponent, minor) => {
    expect(parseTypedAmount(input, exponent)).toBe(minor);
  });

  it.each([['1.250'], ['12.345'], ['15.505'], ['-5'], ['ten'], [''], ['1e5'], ['15,5,0'], ['1.5'.padEnd(20, '0')]])('refuses %j for a two-decimal currency', (input) => {
    expect(parseTypedAmount(input, 2)).toBeUndefined();
  });

  it('formats money, dates and months for the locale', () => {
    expect(money(123456, 'EUR', 'en')).toBe('€1,234.56');
    expect(money('123456', 'EUR', 'de')).toBe('1.234,56\u00a0€');
    expect(date('2027-03-31', 'en')).toBe('March 31, 2027');
    expect(date('2027-03-31', 'de')).toBe('31. März 2027');
    expect(month('2026-11', 'de')).toBe('November 2026');
  });
});
