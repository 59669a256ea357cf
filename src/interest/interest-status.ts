import { Transitions } from '../common/state-machine/state-machine.js';
import type { Locale } from '../email/email-template.js';

export const INTEREST_STATUSES = ['received', 'reviewing', 'shortlisted', 'declined', 'invited'] as const;
export type InterestStatus = (typeof INTEREST_STATUSES)[number];

/**
 * Board triage. Declining is possible at every open step (no one should wait for a "no");
 * an invitation only follows a shortlist; declined and invited are final (a second idea is a
 * new interest).
 */
export const INTEREST_MOVES: Transitions<InterestStatus> = {
  received: ['reviewing', 'declined'],
  reviewing: ['shortlisted', 'declined'],
  shortlisted: ['invited', 'declined'],
  declined: [],
  invited: [],
};

/** What the applicant sees. A shortlist is internal deliberation: it still reads "under review". */
export type PublicInterestStatus = 'received' | 'under_review' | 'declined' | 'invited';

export const PUBLIC_INTEREST_STATUS: Record<InterestStatus, PublicInterestStatus> = {
  received: 'received',
  reviewing: 'under_review',
  shortlisted: 'under_review',
  declined: 'declined',
  invited: 'invited',
};

const WORDING: Record<PublicInterestStatus, Record<Locale, string>> = {
  received: { en: 'We have received your interest.', de: 'Wir haben Ihre Interessenbekundung erhalten.' },
  under_review: { en: 'The board is reviewing your interest.', de: 'Der Vorstand prüft Ihre Interessenbekundung.' },
  declined: { en: 'We cannot take your idea further this time. Thank you for your interest.', de: 'Wir können Ihre Idee diesmal leider nicht weiterverfolgen. Danke für Ihr Interesse.' },
  invited: { en: 'You are invited to prepare a grant application with us.', de: 'Sie sind eingeladen, mit uns einen Förderantrag vorzubereiten.' },
};

export function publicInterestWording(status: InterestStatus, locale: Locale): { status: PublicInterestStatus; wording: string } {
  const shown = PUBLIC_INTEREST_STATUS[status];
  return { status: shown, wording: WORDING[shown][locale] };
}
