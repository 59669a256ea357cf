import { toSafeNumber } from '../common/money/money.js';
import type { Locale } from '../email/email-template.js';
import type { GrantStatus } from './grant-status.js';
import type { MilestoneStatus } from './milestone-status.js';

export interface GrantRow {
  id: string;
  title: string;
  funder: string;
  administered: boolean;
  areas: string[];
  programme: string | null;
  callId: string | null;
  interestId: string | null;
  applicantName: string;
  applicantEmail: string;
  applicantLocale: Locale;
  abstract: string | null;
  currency: string;
  requestedAmount: string;
  awardedAmount: string | null;
  fund: string | null;
  externalRef: string | null;
  status: GrantStatus;
  createdAt: Date;
  updatedAt: Date;
}

export const SELECT_GRANT = `
  SELECT id, title, funder, programme, call_id AS "callId", interest_id AS "interestId", applicant_name AS "applicantName",
         applicant_email AS "applicantEmail", applicant_locale AS "applicantLocale", abstract, currency,
         requested_amount AS "requestedAmount", awarded_amount AS "awardedAmount", fund, external_ref AS "externalRef",
         status, administered, ARRAY(SELECT ga.area_code FROM grant_areas ga WHERE ga.grant_id = grants.id ORDER BY ga.area_code) AS areas,
         created_at AS "createdAt", updated_at AS "updatedAt"
  FROM grants`;

export interface MilestoneRow {
  id: string;
  grantId: string;
  position: number;
  title: string;
  deliverables: string | null;
  amount: string;
  dueOn: string;
  status: MilestoneStatus;
  version: number;
  reviewRound: number;
  evidence: string[];
  submissionNote: string | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  paymentRequestedAt: Date | null;
  paidOn: string | null;
  trackingUrl: string | null;
  decisionQuorum: number | null;
  quorumReduced: { from: number; eligible: number; recused: number; reason: string } | null;
}

/** The milestone columns in camelCase; `a` is the table alias when joined. */
export function milestoneColumns(a = 'milestones'): string {
  return `${a}.id, ${a}.grant_id AS "grantId", ${a}.position, ${a}.title, ${a}.deliverables, ${a}.amount, to_char(${a}.due_on, 'YYYY-MM-DD') AS "dueOn",
    ${a}.status, ${a}.version, ${a}.review_round AS "reviewRound", ${a}.evidence, ${a}.submission_note AS "submissionNote",
    ${a}.submitted_at AS "submittedAt", ${a}.decided_at AS "decidedAt", ${a}.payment_requested_at AS "paymentRequestedAt",
    to_char(${a}.paid_on, 'YYYY-MM-DD') AS "paidOn", ${a}.tracking_url AS "trackingUrl", ${a}.decision_quorum AS "decisionQuorum",
    ${a}.quorum_reduced AS "quorumReduced"`;
}

export function presentGrant(g: GrantRow) {
  return {
    id: g.id,
    title: g.title,
    funder: g.funder,
    administered: g.administered,
    areas: g.areas,
    programme: g.programme,
    callId: g.callId,
    interestId: g.interestId,
    applicant: { name: g.applicantName, email: g.applicantEmail, locale: g.applicantLocale },
    abstract: g.abstract,
    requestedAmount: { amount: toSafeNumber(g.requestedAmount), currency: g.currency },
    awardedAmount: g.awardedAmount === null ? null : { amount: toSafeNumber(g.awardedAmount), currency: g.currency },
    fund: g.fund,
    externalRef: g.externalRef,
    status: g.status,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
  };
}

export function presentMilestone(m: MilestoneRow, currency: string) {
  const { amount, reviewRound, ...rest } = m;
  return { ...rest, reviewRound, amount: toSafeNumber(amount), currency };
}
