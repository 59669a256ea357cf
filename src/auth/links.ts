import { linkRef } from '../common/links/link-token.js';

/** Where each kind of link opens; they point at the web pages (SPEC §11); the API addresses keep working. */
const PATHS = {
  interestStatus: '/status/',
  grantee: '/grantee/',
  donorManage: '/api/v1/donor/manage/',
  roleApplicationStatus: '/jobs/status/',
} as const;

/** Absolute links shown to staff (a reissued grantee link) and put into emails at send time. */
export const links = {
  interestStatus: (appUrl: string, token: string) => `${appUrl}${PATHS.interestStatus}${token}`,
  grantee: (appUrl: string, token: string) => `${appUrl}${PATHS.grantee}${token}`,
  milestoneReview: (appUrl: string, milestoneId: string) => `${appUrl}/staff/reviews/${milestoneId}`,
  interestTriage: (appUrl: string) => `${appUrl}/staff/interest`,
  roleApplication: (appUrl: string, applicationId: string) => `${appUrl}/staff/hiring/${applicationId}`,
};

/** What an email's props hold instead of a link: the outbox worker renders the link when sending. */
export const linkRefs = {
  interestStatus: (tokenId: string) => linkRef(tokenId, PATHS.interestStatus),
  grantee: (tokenId: string) => linkRef(tokenId, PATHS.grantee),
  donorManage: (tokenId: string) => linkRef(tokenId, PATHS.donorManage),
  roleApplicationStatus: (tokenId: string) => linkRef(tokenId, PATHS.roleApplicationStatus),
};
