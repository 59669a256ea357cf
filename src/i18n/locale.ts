import Negotiator from 'negotiator';

/** The languages Coffer speaks to applicants, sponsors and staff (SPEC §3, §11). */
export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * `Accept-Language` (or a stored preference) to a supported locale, honouring q-values
 * (`de;q=0.1, en` is English) and regional tags (`de-AT` is German); anything else is `en`.
 */
export function negotiateLocale(header: string | undefined | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  if (isLocale(header)) return header;
  const preferred = new Negotiator({ headers: { 'accept-language': header } }).languages();
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}
