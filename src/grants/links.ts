/** Absolute links put into emails, pointing at the web pages (SPEC §11); the API addresses keep working. */
export const links = {
  interestStatus: (appUrl: string, token: string) => `${appUrl}/status/${token}`,
  grantee: (appUrl: string, token: string) => `${appUrl}/grantee/${token}`,
  milestoneReview: (appUrl: string, milestoneId: string) => `${appUrl}/api/v1/milestones/${milestoneId}`,
};
