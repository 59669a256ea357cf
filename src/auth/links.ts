import { linkRef } from '../common/links/link-token.js';

/** Where each kind of link opens; in one place so that they can point at the web pages (SPEC §11). */
const PATHS = { interestStatus: '/api/v1/interest/status/', grantee: '/api/v1/grantee/', roleApplicationStatus: '/api/v1/role-applications/status/' } as const;

/** Absolute links shown to staff (a reissued grantee link) and put into emails at send time. */
export const links = {
  interestStatus: (appUrl: string, token: string) => `${appUrl}${PATHS.interestStatus}${token}`,
  grantee: (appUrl: string, token: string) => `${appUrl}${PATHS.grantee}${token}`,
  milestoneReview: (appUrl: string, milestoneId: string) => `${appUrl}/api/v1/milestones/${milestoneId}`,
  roleApplication: (appUrl: string, applicationId: string) => `${appUrl}/api/v1/role-applications/${applicationId}`,
};

/** What an email's props hold instead of a link: the outbox worker renders the link when sending. */
export const linkRefs = {
  interestStatus: (tokenId: string) => linkRef(tokenId, PATHS.interestStatus),
  grantee: (tokenId: string) => linkRef(tokenId, PATHS.grantee),
  roleApplicationStatus: (tokenId: string) => linkRef(tokenId, PATHS.roleApplicationStatus),
};
