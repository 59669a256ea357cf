import type { EmailProps } from './email-props.js';
import { EmailTemplate } from './email-template.js';

/**
 * Realistic props for every template, for previews and for the template tests. Links are built
 * from the app's own URL, as callers must.
 */
export function sampleProps(appUrl: string): EmailProps {
  const link = (path: string) => `${appUrl}${path}`;
  return {
    [EmailTemplate.InterestReceived]: {
      name: 'Ada Lovelace',
      statusUrl: link('/api/v1/interest/status/sample-token'),
      areas: ['Ring-buffer network stack', 'Unix signals'],
    },
    [EmailTemplate.InterestStatusChanged]: {
      name: 'Ada Lovelace',
      status: 'shortlisted',
      publicStatus: 'Shortlisted',
      statusUrl: link('/api/v1/interest/status/sample-token'),
    },
    [EmailTemplate.ApplicationStatusChanged]: {
      name: 'Ada Lovelace',
      title: 'Unix-style signals for Redox',
      status: 'selected',
      publicStatus: 'Selected for funding',
      granteeUrl: link('/api/v1/grantee/sample-token'),
    },
    [EmailTemplate.MilestoneSubmitted]: {
      boardMemberName: 'Grace Hopper',
      grantTitle: 'Unix-style signals for Redox',
      milestoneTitle: 'sigaction and signal masks in relibc',
      amount: '€4,500.00',
      reviewUrl: link('/api/v1/milestones/00000000-0000-4000-8000-000000000001'),
    },
    [EmailTemplate.MilestoneDecision]: {
      name: 'Ada Lovelace',
      grantTitle: 'Unix-style signals for Redox',
      milestoneTitle: 'sigaction and signal masks in relibc',
      decision: 'changes_requested',
      comments: ['Please add tests for SA_RESTART.', 'The report should link the merged pull requests.'],
      granteeUrl: link('/api/v1/grantee/sample-token'),
    },
    [EmailTemplate.MilestoneDue]: {
      name: 'Ada Lovelace',
      grantTitle: 'Unix-style signals for Redox',
      milestoneTitle: 'Signal delivery across exec',
      dueOn: '2026-12-15',
      overdue: false,
      granteeUrl: link('/api/v1/grantee/sample-token'),
    },
    [EmailTemplate.ReviewDigest]: {
      boardMemberName: 'Grace Hopper',
      items: [
        { grantTitle: 'Unix-style signals for Redox', milestoneTitle: 'sigaction and signal masks in relibc', submittedOn: '2026-11-20', reviewUrl: link('/api/v1/milestones/00000000-0000-4000-8000-000000000001') },
        { grantTitle: 'Capability-based security', milestoneTitle: 'Capability handles in the kernel', submittedOn: '2026-11-23', reviewUrl: link('/api/v1/milestones/00000000-0000-4000-8000-000000000002') },
      ],
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
      amount: '€25.00',
      fund: 'General fund',
      receivedOn: '2026-11-26',
      channel: 'card (Stripe)',
      reference: 'ch_3QxY2p2eZvKYlo2C0sample',
      recurring: true,
    },
    [EmailTemplate.RecurringDonationFailed]: {
      name: 'Ada Lovelace',
      amount: '€25.00',
      fund: 'General fund',
      retryInfo: 'Your bank declined the card. We will try again on 2026-11-29.',
      manageUrl: link('/donate'),
    },
    [EmailTemplate.RecurringDonationCancelled]: {
      name: 'Ada Lovelace',
      amount: '€25.00',
      fund: 'General fund',
      donateUrl: link('/donate'),
    },
    [EmailTemplate.AnnualStatement]: {
      name: 'Ada Lovelace',
      year: 2025,
      total: '€325.00',
      lines: [
        { date: '2025-01-15', amount: '€25.00', fund: 'General fund', channel: 'card (Stripe)' },
        { date: '2025-06-02', amount: '€300.00', fund: 'Summer of Code', channel: 'bank transfer' },
      ],
    },
    [EmailTemplate.SponsorUpdate]: {
      name: 'Ada Lovelace',
      subject: 'What your support built this autumn',
      bodyHtml: '<p>Thanks to you, signals now work across <code>exec</code>, and our build engineer cut CI times in half.</p>',
      bodyText: 'Thanks to you, signals now work across exec, and our build engineer cut CI times in half.',
      impact: [
        { label: 'Roles funded', value: '3' },
        { label: 'Milestones completed', value: '5' },
        { label: 'Donations this quarter', value: '€12,400.00' },
      ],
    },
    [EmailTemplate.RunwayAlert]: {
      boardMemberName: 'Grace Hopper',
      fund: 'General fund',
      monthsOfRunway: '4.5',
      threshold: 6,
      runwayUrl: link('/api/v1/runway'),
    },
  };
}
