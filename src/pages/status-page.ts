import type { GrantStatus } from '../grants/grant-status.js';
import type { Locale } from '../i18n/locale.js';
import type { PublicInterestStatus } from '../i18n/applicant-wording.js';
import { areaTitle } from '../i18n/labels.js';

/** What `InterestService.publicStatus` answers (the API's status link shows the same). */
export interface PublicStatus {
  status: PublicInterestStatus;
  areas: { code: string; title: string }[];
  receivedAt: Date;
  history: { status: PublicInterestStatus; at: Date }[];
  grant: { title: string; status: GrantStatus; message: string; history: { status: GrantStatus; at: string }[] } | null;
}

/**
 * The status page's model. With a grant, the grant's status leads (the interest stays where
 * triage left it, usually "invited"), and the history runs on into the grant's changes.
 */
export function statusPageModel(status: PublicStatus, locale: Locale) {
  const history = [
    ...status.history.map((h) => ({ at: h.at, label: `status.publicStatus.${h.status}` })),
    ...(status.grant?.history ?? []).map((h) => ({ at: h.at, label: `grantStatus.${h.status}` })),
  ];
  return {
    status: status.status,
    statusLabel: `status.publicStatus.${status.status}`,
    nextStep: status.grant ? `status.grantNext.${status.grant.status}` : `status.nextStep.${status.status}`,
    areas: status.areas.map((a) => areaTitle(locale, a)),
    receivedAt: status.receivedAt,
    history,
    grant: status.grant ? { title: status.grant.title, statusLabel: `grantStatus.${status.grant.status}` } : null,
  };
}
