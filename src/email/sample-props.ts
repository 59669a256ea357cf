import { applicationWording, interestWording } from '../i18n/applicant-wording.js';
import { catalogs } from '../i18n/catalogs.js';
import { catalogLabel } from '../i18n/labels.js';
import type { EmailProps } from './email-props.js';
import { EmailTemplate, Locale } from './email-template.js';

/**
 * Realistic props for every template, for previews and for the template tests. Links are built
 * from the app's own URL, amounts formatted and labels (areas, funds, channels) worded for the
 * recipient's language, as callers must. Only what people would type (comments, the board's
 * update) is given in both languages here.
 */
export function sampleProps(appUrl: string, locale: Locale = 'en'): EmailProps {
  const link = (path: string) => `${appUrl}${path}`;
  const t = (en: string, de: string) => (locale === 'de' ? de : en);
  const general = catalogLabel(locale, 'funds', 'general', 'General fund');
  const euro = (amount: string) => (locale === 'de' ? `${amount.replace(/,/g, '#').replace('.', ',').replace(/#/g, '.')} €` : `€${amount}`);
  return {
    [EmailTemplate.InterestReceived]: {
      name: 'Ada Lovelace',
      statusUrl: link('/status/sample-token'),
      areas: [catalogLabel(locale, 'areas', 'ring-buffer-network-stack'), catalogLabel(locale, 'areas', 'unix-signals')],
    },
    [EmailTemplate.InterestStatusChanged]: {
      name: 'Ada Lovelace',
      status: 'under_review',
      publicStatus: interestWording('reviewing', locale).message,
      statusUrl: link('/status/sample-token'),
    },
    [EmailTemplate.ApplicationStatusChanged]: {
      name: 'Ada Lovelace',
      title: 'Unix-style signals for Redox',
      status: 'selected',
      publicStatus: applicationWording('selected', locale).message,
      granteeUrl: link('/grantee/sample-token'),
    },
    [EmailTemplate.MilestoneSubmitted]: {
      boardMemberName: 'Grace Hopper',
      grantTitle: 'Unix-style signals for Redox',
      milestoneTitle: 'sigaction and signal masks in relibc',
      amount: euro('4,500.00'),
      reviewUrl: link('/staff/reviews/00000000-0000-4000-8000-000000000001'),
    },
    [EmailTemplate.MilestoneDecision]: {
      name: 'Ada Lovelace',
      grantTitle: 'Unix-style signals for Redox',
      milestoneTitle: 'sigaction and signal masks in relibc',
      decision: 'changes_requested',
      comments: [
        t('Please add tests for SA_RESTART.', 'Bitte ergänzen Sie Tests für SA_RESTART.'),
        t('The report should link the merged pull requests.', 'Der Bericht sollte die übernommenen Pull-Requests verlinken.'),
      ],
      granteeUrl: link('/grantee/sample-token'),
    },
    [EmailTemplate.MilestoneDue]: {
      name: 'Ada Lovelace',
      grantTitle: 'Unix-style signals for Redox',
      milestoneTitle: 'Signal delivery across exec',
      dueOn: '2026-12-15',
      overdue: false,
      granteeUrl: link('/grantee/sample-token'),
    },
    [EmailTemplate.ReviewDigest]: {
      boardMemberName: 'Grace Hopper',
      items: [
        {
          grantTitle: 'Unix-style signals for Redox',
          milestoneTitle: 'sigaction and signal masks in relibc',
          submittedOn: '2026-11-20',
          reviewUrl: link('/staff/reviews/00000000-0000-4000-8000-000000000001'),
        },
        {
          grantTitle: 'Capabilities for every scheme',
          milestoneTitle: 'Capability handles in the kernel',
          submittedOn: '2026-11-23',
          reviewUrl: link('/staff/reviews/00000000-0000-4000-8000-000000000002'),
        },
      ],
      interests: [{ name: 'Mina Park', areas: catalogLabel(locale, 'areas', 'virtiofs'), receivedOn: '2026-11-25' }],
      triageUrl: link('/staff/interest'),
    },
    [EmailTemplate.CallDeadlineReminder]: {
      name: 'Ada Lovelace',
      funder: 'NLnet',
      programme: 'NGI Zero Commons Fund',
      deadline: '2026-12-01 12:00 CET',
      daysLeft: 3,
      url: 'https://nlnet.nl/propose/',
    },
    [EmailTemplate.DonationReceipt]: {
      name: 'Ada Lovelace',
      amount: euro('25.00'),
      fund: general,
      receivedOn: '2026-11-26',
      channel: catalogLabel(locale, 'channels', 'stripe'),
      reference: 'ch_3QxY2p2eZvKYlo2C0sample',
      recurring: true,
    },
    [EmailTemplate.RecurringDonationFailed]: {
      name: 'Ada Lovelace',
      amount: euro('25.00'),
      fund: general,
      retryInfo: catalogs().t(locale, 'email:recurring-donation-failed.nextAttempt', { date: '2026-11-29' }),
      manageUrl: link('/donate'),
    },
    [EmailTemplate.RecurringDonationCancelled]: {
      name: 'Ada Lovelace',
      amount: euro('25.00'),
      fund: general,
      donateUrl: link('/donate'),
    },
    [EmailTemplate.AnnualStatement]: {
      name: 'Ada Lovelace',
      year: 2025,
      total: euro('325.00'),
      lines: [
        { date: '2025-01-15', amount: euro('25.00'), fund: general, channel: catalogLabel(locale, 'channels', 'stripe') },
        { date: '2025-06-02', amount: euro('300.00'), fund: catalogLabel(locale, 'funds', 'rsoc'), channel: catalogLabel(locale, 'channels', 'bank') },
      ],
    },
    [EmailTemplate.SponsorUpdate]: {
      name: 'Ada Lovelace',
      subject: t('What your support built this autumn', 'Was Ihre Unterstützung diesen Herbst bewirkt hat'),
      bodyHtml: t(
        '<p>Thanks to you, signals now work across <code>exec</code>, and our build engineer cut CI times in half.</p>',
        '<p>Dank Ihnen funktionieren Signale jetzt auch über <code>exec</code> hinweg, und unser Build-Engineer hat die CI-Zeiten halbiert.</p>',
      ),
      bodyText: t(
        'Thanks to you, signals now work across exec, and our build engineer cut CI times in half.',
        'Dank Ihnen funktionieren Signale jetzt auch über exec hinweg, und unser Build-Engineer hat die CI-Zeiten halbiert.',
      ),
      impact: [
        { label: t('Roles funded', 'Finanzierte Stellen'), value: '3' },
        { label: t('Milestones completed', 'Abgeschlossene Meilensteine'), value: '5' },
        { label: t('Donations this quarter', 'Spenden in diesem Quartal'), value: euro('12,400.00') },
      ],
    },
    [EmailTemplate.RunwayAlert]: {
      boardMemberName: 'Grace Hopper',
      fund: general,
      monthsOfRunway: locale === 'de' ? '4,5' : '4.5',
      threshold: 6,
      runwayUrl: link('/api/v1/runway'),
    },
    [EmailTemplate.RoleApplicationReceived]: {
      name: 'Ada Lovelace',
      roleTitle: t('Kernel / core developer', 'Kernel- / Core-Entwickler:in'),
      cvReceived: true,
      statusUrl: link('/jobs/status/sample-token'),
    },
    [EmailTemplate.RoleApplicationBoard]: {
      boardMemberName: 'Grace Hopper',
      roleTitle: t('Kernel / core developer', 'Kernel- / Core-Entwickler:in'),
      applicantName: 'Ada Lovelace',
      applicantEmail: 'ada@example.org',
      message: t('I have written two schedulers and would love to work on Redox full time.', 'Ich habe zwei Scheduler geschrieben und würde gern Vollzeit an Redox arbeiten.'),
      links: ['https://github.com/ada'],
      hasCv: true,
      applicationUrl: link('/staff/hiring/00000000-0000-4000-8000-000000000003'),
    },
  };
}
