export var EmailTemplate;
(function (EmailTemplate) {
    EmailTemplate["InterestReceived"] = "interest-received";
    EmailTemplate["InterestStatusChanged"] = "interest-status-changed";
    EmailTemplate["ApplicationStatusChanged"] = "application-status-changed";
    EmailTemplate["MilestoneSubmitted"] = "milestone-submitted";
    EmailTemplate["MilestoneDecision"] = "milestone-decision";
    EmailTemplate["MilestoneDue"] = "milestone-due";
    EmailTemplate["ReviewDigest"] = "review-digest";
    EmailTemplate["CallDeadlineReminder"] = "call-deadline-reminder";
    EmailTemplate["DonationReceipt"] = "donation-receipt";
    EmailTemplate["RecurringDonationFailed"] = "recurring-donation-failed";
    EmailTemplate["RecurringDonationCancelled"] = "recurring-donation-cancelled";
    EmailTemplate["AnnualStatement"] = "annual-statement";
    EmailTemplate["SponsorUpdate"] = "sponsor-update";
    EmailTemplate["RunwayAlert"] = "runway-alert";
})(EmailTemplate || (EmailTemplate = {}));
export const LOCALES = ['en', 'de'];
export function pickLocale(header) {
    if (!header)
        return 'en';
    for (const part of header.split(',')) {
        const tag = part.split(';')[0].trim().toLowerCase().slice(0, 2);
        if (LOCALES.includes(tag))
            return tag;
    }
    return 'en';
}
//# sourceMappingURL=email-template.js.map