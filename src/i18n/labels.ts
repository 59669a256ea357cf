import { catalogs } from './catalogs.js';
import { DEFAULT_LOCALE, type Locale } from './locale.js';

/** Namespaces that name a fixed code: `locales/<locale>/<kind>.json`, keyed by the code. */
export type LabelKind = 'areas' | 'funds' | 'channels';

/**
 * What a visitor reads for a code the app seeded (a priority area, a fund, a payment channel), in
 * their language. `stored` is the name kept in the database: a code the catalogs do not know, or
 * a seeded name staff have since renamed (it no longer matches the English catalog entry), shows
 * the stored name as is; without one, an unknown code shows itself.
 */
export function catalogLabel(locale: Locale, kind: LabelKind, code: string, stored?: string): string {
  const key = `${kind}:${code}`;
  const all = catalogs();
  if (!all.has(DEFAULT_LOCALE, key)) return stored ?? code;
  if (stored !== undefined && stored !== all.t(DEFAULT_LOCALE, key)) return stored;
  return all.t(locale, key);
}

/**
 * A priority area's title in `locale`: the translation an admin stored with the area, else the
 * catalogs' (for the seeded areas), else the stored English title.
 */
export function areaTitle(locale: Locale, area: { code: string; title: string; titles?: Partial<Record<Locale, string>> | null }): string {
  return area.titles?.[locale] ?? catalogLabel(locale, 'areas', area.code, area.title);
}
