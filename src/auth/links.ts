/**
 * Absolute links put into emails. In one place so that they can point at the web pages
 * (SPEC §11) instead of the API once those exist.
 */
export const links = {
  interestStatus: (appUrl: string, token: string) => `${appUrl}/api/v1/interest/status/${token}`,
  grantee: (appUrl: string, token: string) => `${appUrl}/api/v1/grantee/${token}`,
  milestoneReview: (appUrl: string, milestoneId: string) => `${appUrl}/api/v1/milestones/${milestoneId}`,
};
