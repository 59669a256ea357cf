import { AppException } from '../common/errors/app.exception.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { money } from '../pages/page-format.js';

/**
 * A service's refusal (its `AppException` code) in the visitor's language, never the service's
 * English message: the first catalog key that exists among `<prefix>.<code>` for the page's own
 * prefixes, then `staff-refusals:<code>` (the codes the staff pages' services are known to
 * throw), else `staff-refusals:generic` naming the code, so an unforeseen refusal still reads in
 * the page's language and can be looked up. The first detail's plain values (`fund`, `currency`
 * …) and `vars` fill the sentence's blanks; `code` is always there.
 */
export function refusalMessage(locale: Locale, error: AppException, prefixes: readonly string[] = [], vars: Record<string, unknown> = {}): string {
  const t = catalogs();
  const values = { ...detailValues(error, locale), ...vars, code: error.code };
  for (const key of [...prefixes.map((p) => `${p}.${error.code}`), `staff-refusals:${error.code}`]) {
    if (t.has('en', key)) return t.t(locale, key, values);
  }
  return t.t(locale, 'staff-refusals:generic', values);
}

/** Amounts in a refusal's details, in minor units of its `currency`: shown as money in the locale. */
const AMOUNT_KEYS = new Set(['available', 'shortfall', 'budget', 'committed', 'over']);

function detailValues(error: AppException, locale: Locale): Record<string, string | number> {
  const first = (error.details ?? [])[0] as Record<string, unknown> | undefined;
  if (!first || typeof first !== 'object') return {};
  const currency = typeof first.currency === 'string' ? first.currency : undefined;
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(first)) {
    // `message` is the service's English; the catalog sentence replaces it.
    if (key === 'message' || (typeof value !== 'string' && typeof value !== 'number')) continue;
    out[key] = currency && AMOUNT_KEYS.has(key) && /^-?\d+$/.test(String(value)) ? money(String(value), currency, locale) : value;
  }
  return out;
}
