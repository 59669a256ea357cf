import { EmailTemplate } from './email-template.js';

/**
 * The data each template renders from. Amounts arrive already formatted for the recipient's
 * locale (`formatMoney`), links arrive absolute (built from APP_URL). Every template also gets
 * `appUrl` and, for bulk mail, `unsubscribeUrl` from the mailer itself.
 */
export interface EmailProps {
  [EmailTemplate.InterestReceived]: { name: string; statusUrl: string; areas: string[] };
  [EmailTemplate.InterestStatusChanged]: { name: string; status: string; publicStatus: string; statusUrl: string };
  [EmailTemplate.ApplicationStatusChanged]: { name: string; title: string; status: string; publicStatus: string; granteeUrl?: string };
  [EmailTemplate.MilestoneSubmitted]: { boardMemberName: string; grantTitle: string; milestoneTitle: string; amount: string; reviewUrl: string };
  [EmailTemplate.MilestoneDecision]: {
    name: string;
    grantTitle: string;
    milestoneTitle: string;
    decision: 'approved' | 'changes_requested';
    comments: string[];
    granteeUrl: string;
  };
  [EmailTemplate.MilestoneDue]: { name: string; grantTitle: string; milestoneTitle: string; dueOn: string; overdue: boolean; granteeUrl: string };
  [EmailTemplate.ReviewDigest]: {
    boardMemberName: string;
    items: { grantTitle: string; milestoneTitle: string; submittedOn: string; reviewUrl: string }[];
    /** New interest since the last digest (SPEC §8: the board hears of it once a day). */
    interests: { name: string; areas: string; receivedOn: string }[];
    triageUrl: string;
  };
  [EmailTemplate.CallDeadlineReminder]: { name: string; funder: string; programme: string; deadline: string; daysLeft: number; url?: string };
  [EmailTemplate.DonationReceipt]: { name: string; amount: string; fund: string; receivedOn: string; channel: string; reference: string; recurring: boolean; manageUrl?: string };
  [EmailTemplate.RecurringDonationFailed]: { name: string; amount: string; fund: string; retryInfo: string; manageUrl?: string };
  [EmailTemplate.RecurringDonationCancelled]: { name: string; amount: string; fund: string; donateUrl: string };
  [EmailTemplate.AnnualStatement]: { name: string; year: number; total: string; lines: { date: string; amount: string; fund: string; channel: string }[] };
  [EmailTemplate.SponsorUpdate]: { name: string; subject: string; bodyHtml: string; bodyText: string; impact?: { label: string; value: string }[] };
  [EmailTemplate.RunwayAlert]: { boardMemberName: string; fund: string; monthsOfRunway: string; threshold: number; runwayUrl: string };
  [EmailTemplate.RoleApplicationReceived]: { name: string; roleTitle: string; cvReceived: boolean; statusUrl: string };
  [EmailTemplate.RoleApplicationBoard]: {
    boardMemberName: string;
    roleTitle: string;
    applicantName: string;
    applicantEmail: string;
    message: string;
    links: string[];
    hasCv: boolean;
    applicationUrl: string;
  };
}

export type PropsOf<T extends EmailTemplate> = EmailProps[T];
