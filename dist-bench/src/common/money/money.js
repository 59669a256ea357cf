import { isCurrencyCode, minorUnitExponent } from './currency.js';
export class MoneyError extends RangeError {
}
export function parseMoney(input, currency) {
    if (!isCurrencyCode(currency))
        throw new MoneyError(`Unknown currency "${currency}"`);
    const exponent = minorUnitExponent(currency);
    const text = input.trim().replace(/[\s,_']/g, '');
    const match = /^([+-])?(\d+)(?:\.(\d*))?$/.exec(text);
    if (!match)
        throw new MoneyError(`"${input}" is not a decimal amount`);
    const [, sign, whole, fraction = ''] = match;
    if (fraction.length > exponent) {
        throw new MoneyError(`"${input}" has more than ${exponent} decimal places for ${currency}`);
    }
    const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
    return sign === '-' ? -minor : minor;
}
export function toDecimalString(minor, currency) {
    const exponent = minorUnitExponent(currency);
    const value = BigInt(minor);
    const negative = value < 0n;
    const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
    const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
    const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
    return `${negative ? '-' : ''}${whole}${fraction}`;
}
export function formatMoney(minor, currency, locale = 'en') {
    const decimal = toDecimalString(minor, currency);
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(decimal);
}
export function toSafeNumber(value) {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isSafeInteger(n))
        throw new MoneyError(`Amount ${String(value)} is not a safe integer`);
    return n;
}
export function sameCurrency(a, b) {
    if (a.currency !== b.currency)
        throw new MoneyError(`Cannot mix ${a.currency} and ${b.currency}`);
}
//# sourceMappingURL=money.js.map