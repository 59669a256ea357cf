/**
 * Every email Coffer sends (SPEC §9). Each name is a folder under `templates/email/<name>/`
 * holding `subject.<locale>.hbs`, `html.<locale>.hbs` and `text.<locale>.hbs` (locales `en`,
 * `de`; a missing locale falls back to `en`), and has a typed props entry in `EmailProps`.
 */
export enum EmailTemplate {
  InterestReceived = 'interest-received',
  InterestStatusChanged = 'interest-status-changed',
  ApplicationStatusChanged = 'application-status-changed',
  MilestoneSubmitted = 'milestone-submitted',
  MilestoneDecision = 'milestone-decision',
  MilestoneDue = 'milestone-due',
  ReviewDigest = 'review-digest',
  CallDeadlineReminder = 'call-deadline-reminder',
  DonationReceipt = 'donation-receipt',
  RecurringDonationFailed = 'recurring-donation-failed',
  RecurringDonationCancelled = 'recurring-donation-cancelled',
  AnnualStatement = 'annual-statement',
  SponsorUpdate = 'sponsor-update',
  RunwayAlert = 'runway-alert',
}

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

/** `Accept-Language` (or a stored preference) to a supported locale; anything else is `en`. */
export function pickLocale(header: string | undefined | null): Locale {
  if (!header) return 'en';
  for (const part of header.split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase().slice(0, 2);
    if ((LOCALES as readonly string[]).includes(tag)) return tag as Locale;
  }
  return 'en';
}
