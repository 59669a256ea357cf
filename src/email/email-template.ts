/**
 * Every email Coffer sends (SPEC §9). Each name is a folder under `templates/email/<name>/`
 * holding `subject.hbs`, `html.hbs` and `text.hbs` (one for every language: the words come from
 * `locales/<locale>/email.json` under `<name>`), and has a typed props entry in `EmailProps`.
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
  RoleApplicationReceived = 'role-application-received',
  RoleApplicationBoard = 'role-application-board',
}

export { LOCALES, type Locale } from '../i18n/locale.js';
/** Kept as the email side's name for the one negotiation in `i18n/locale.ts`. */
export { negotiateLocale as pickLocale } from '../i18n/locale.js';
