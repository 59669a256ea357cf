import { Transitions } from '../common/state-machine/state-machine.js';
import type { Locale } from '../email/email-template.js';

export const GRANT_STATUSES = ['drafting', 'submitted', 'in_review', 'selected', 'rejected', 'withdrawn', 'active', 'completed', 'terminated'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/**
 * SPEC §8, following NLnet's process. The applicant may withdraw until the funder decides;
 * once selected the memorandum is being signed, so the way out is activation and later
 * termination, not a withdrawal. rejected, withdrawn, completed and terminated are final.
 */
export const GRANT_MOVES: Transitions<GrantStatus> = {
  drafting: ['submitted', 'withdrawn'],
  submitted: ['in_review', 'withdrawn'],
  in_review: ['selected', 'rejected', 'withdrawn'],
  selected: ['active'],
  active: ['completed', 'terminated'],
  rejected: [],
  withdrawn: [],
  completed: [],
  terminated: [],
};

/** Milestones may be replaced as a set until the grant is active; afterwards only amended. */
export const MILESTONES_REPLACEABLE: readonly GrantStatus[] = ['drafting', 'submitted', 'in_review', 'selected'];

const WORDING: Record<GrantStatus, Record<Locale, string>> = {
  drafting: { en: 'Your application is being drafted.', de: 'Ihr Antrag wird vorbereitet.' },
  submitted: { en: 'Your application has been submitted to the funder.', de: 'Ihr Antrag wurde beim Förderer eingereicht.' },
  in_review: { en: 'The funder is reviewing your application.', de: 'Der Förderer prüft Ihren Antrag.' },
  selected: { en: 'Your application has been selected for funding.', de: 'Ihr Antrag wurde zur Förderung ausgewählt.' },
  rejected: { en: 'Your application was not selected this time.', de: 'Ihr Antrag wurde diesmal nicht ausgewählt.' },
  withdrawn: { en: 'Your application has been withdrawn.', de: 'Ihr Antrag wurde zurückgezogen.' },
  active: { en: 'Your grant is active: you can now submit milestones.', de: 'Ihre Förderung läuft: Sie können jetzt Meilensteine einreichen.' },
  completed: { en: 'Your grant is completed. Thank you!', de: 'Ihre Förderung ist abgeschlossen. Vielen Dank!' },
  terminated: { en: 'Your grant has been ended.', de: 'Ihre Förderung wurde beendet.' },
};

export function publicGrantWording(status: GrantStatus, locale: Locale): string {
  return WORDING[status][locale];
}
