import type { GrantStatus } from '../grants/grant-status.js';
import type { InterestStatus } from '../interest/interest-status.js';
import { catalogs } from './catalogs.js';
import { DEFAULT_LOCALE, type Locale } from './locale.js';

/**
 * Everything an applicant reads about where their interest or application stands, in one place:
 * the status page, the status emails and their previews all word a state from here, and the
 * words themselves live in `locales/<locale>/wording.json`.
 */
export interface ApplicantWording {
  /** The status code the applicant may see. */
  status: string;
  /** A few words that fit "Its status is now: …." */
  label: string;
  /** One sentence for the status page. */
  message: string;
  /** What happens next, for the emails. */
  next: string;
}

/** What the applicant sees of an interest. A shortlist is internal deliberation: it still reads "under review". */
export type PublicInterestStatus = 'received' | 'under_review' | 'declined' | 'invited';

export const PUBLIC_INTEREST_STATUS: Record<InterestStatus, PublicInterestStatus> = {
  received: 'received',
  reviewing: 'under_review',
  shortlisted: 'under_review',
  declined: 'declined',
  invited: 'invited',
};

export type WordingKind = 'interest' | 'application';

export function interestWording(status: InterestStatus, locale: Locale): ApplicantWording {
  return worded('interest', PUBLIC_INTEREST_STATUS[status], locale);
}

/** Every state of a grant is visible to its applicant, so the public code is the status itself. */
export function applicationWording(status: GrantStatus, locale: Locale): ApplicantWording {
  return worded('application', status, locale);
}

/**
 * For email templates, whose props carry only what the applicant may see: the wording of a status
 * as shown (an interest's public status, a grant's status); null for a code without wording.
 */
export function shownStatusWording(kind: WordingKind, shown: string, locale: Locale): ApplicantWording | null {
  return catalogs().has(DEFAULT_LOCALE, `wording:${kind}.${shown}.label`) ? worded(kind, shown, locale) : null;
}

function worded(kind: WordingKind, shown: string, locale: Locale): ApplicantWording {
  const t = (part: keyof Omit<ApplicantWording, 'status'>) => catalogs().t(locale, `wording:${kind}.${shown}.${part}`);
  return { status: shown, label: t('label'), message: t('message'), next: t('next') };
}
