const KNOWN = new Set(Intl.supportedValuesOf('currency'));
const exponents = new Map();
export function isCurrencyCode(code) {
    return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && KNOWN.has(code);
}
export function minorUnitExponent(code) {
    let exponent = exponents.get(code);
    if (exponent === undefined) {
        if (!isCurrencyCode(code))
            throw new RangeError(`Unknown currency "${code}"`);
        exponent = new Intl.NumberFormat('en', { style: 'currency', currency: code })
            .resolvedOptions().maximumFractionDigits ?? 2;
        exponents.set(code, exponent);
    }
    return exponent;
}
//# sourceMappingURL=currency.js.map