import { AppException } from '../common/errors/app.exception.js';

export class DonationsException extends AppException {
  static notFound(id: string) {
    return new DonationsException('not_found', 'donation_not_found', `Donation ${id} does not exist`);
  }
  static feeAboveAmount() {
    return new DonationsException('invalid', 'donation_fee_above_amount', 'fee cannot be larger than amount', [{ field: 'fee', message: 'fee cannot be larger than amount' }]);
  }
  static twoSponsors() {
    return new DonationsException('invalid', 'donation_two_sponsors', 'Give either sponsorId or sponsor, not both', [{ field: 'sponsor', message: 'give either sponsorId or sponsor, not both' }]);
  }
  static unknownSponsor(id: string) {
    return new DonationsException('invalid', 'donation_unknown_sponsor', `Sponsor ${id} does not exist`, [{ field: 'sponsorId', message: `unknown sponsor ${id}` }]);
  }
  static badDate() {
    return new DonationsException('invalid', 'donation_bad_date', 'receivedAt is not a valid date', [{ field: 'receivedAt', message: 'not a valid date' }]);
  }
  static future() {
    return new DonationsException('invalid', 'donation_in_future', 'receivedAt is in the future', [{ field: 'receivedAt', message: 'must not be in the future' }]);
  }
  static duplicateExternalId(channel: string, externalId: string) {
    return new DonationsException('conflict', 'donation_duplicate', `A ${channel} donation with external id ${externalId} is already recorded`);
  }
  static badCursor() {
    return new DonationsException('invalid', 'donation_bad_cursor', 'after must be the next cursor of a previous answer', [{ field: 'after', message: 'not a cursor this API gave out' }]);
  }
}
