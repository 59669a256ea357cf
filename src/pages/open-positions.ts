import type { Locale } from '../i18n/locale.js';

/** A role the organisation is hiring for, as the public sees it. */
export interface OpenPosition {
  id: string;
  title: string;
  summary: string;
  /** What the role pays, when published: minor units and currency. */
  pay?: { amount: number; currency: string; per: 'month' | 'year' | 'hour' } | null;
}

/**
 * Where `/jobs` reads open positions (roles in `hiring`). The roles feature (issue 10) is built
 * elsewhere; until it provides this token, `NoOpenPositions` answers, and `/jobs` says there are
 * none. Wiring: provide `OPEN_POSITIONS` with `useExisting: <the roles service>`.
 */
export interface OpenPositionsSource {
  list(locale: Locale): Promise<OpenPosition[]>;
  get(id: string, locale: Locale): Promise<OpenPosition | null>;
}

export const OPEN_POSITIONS = Symbol('OPEN_POSITIONS');

export class NoOpenPositions implements OpenPositionsSource {
  list(): Promise<OpenPosition[]> {
    return Promise.resolve([]);
  }

  get(): Promise<OpenPosition | null> {
    return Promise.resolve(null);
  }
}
