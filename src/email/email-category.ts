import { EmailTemplate } from './email-template.js';

/** What a recipient can opt out of. `all` covers every sponsor email. */
export const PREFERENCE_CATEGORIES = ['updates', 'receipts', 'all'] as const;
export type PreferenceCategory = (typeof PREFERENCE_CATEGORIES)[number];

/**
 * Sponsor email a recipient may opt out of, by the preference that governs it. Everything
 * else (an applicant's own process, the board's work) is transactional: it carries no
 * unsubscribe link and is never suppressed.
 */
const SPONSOR_MAIL: Partial<Record<EmailTemplate, Exclude<PreferenceCategory, 'all'>>> = {
  [EmailTemplate.SponsorUpdate]: 'updates',
  [EmailTemplate.DonationReceipt]: 'receipts',
  [EmailTemplate.AnnualStatement]: 'receipts',
  [EmailTemplate.RecurringDonationFailed]: 'receipts',
  [EmailTemplate.RecurringDonationCancelled]: 'receipts',
};

/**
 * The preference an email's unsubscribe link withdraws, or null for transactional mail.
 * Bulk mail always gets one: any mail sent to many at once must be easy to stop.
 */
export function unsubscribeCategoryOf(template: EmailTemplate, category: 'transactional' | 'bulk'): Exclude<PreferenceCategory, 'all'> | null {
  return SPONSOR_MAIL[template] ?? (category === 'bulk' ? 'updates' : null);
}
