import { AppException } from '../common/errors/app.exception.js';

export class DonationsException extends AppException {
  static notFound(id: string) {
    return new DonationsException('not_found', 'donation_not_found', `Donation ${id} does not exist`);
  }
  static feeAboveAmount() {
    return new DonationsException('invalid', 'donation_fee_above_amount', 'fee cannot be larger than amount', [{ field: 'fee', message: 'fee cannot be larger than amount' }]);
  }
  static twoSponsors() {
    return new DonationsException('invalid', 'donation_two_sponsors', 'Give either sponsorId or sponsor, not both', [
      { field: 'sponsor', message: 'give either sponsorId or sponsor, not both' },
    ]);
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
  static alreadyReversed(id: string) {
    return new DonationsException('conflict', 'donation_already_reversed', `Donation ${id} is already reversed`);
  }
  static notManual(id: string, channel: string) {
    return new DonationsException('conflict', 'donation_not_manual', `Donation ${id} came from ${channel}, not from a person: correct it at its source (a refund)`);
  }
  static reconciled(id: string) {
    return new DonationsException('conflict', 'donation_reconciled', `Donation ${id} is matched to a bank line: undo the match first, then reverse it`);
  }
  static duplicateExternalId(channel: string, externalId: string) {
    return new DonationsException('conflict', 'donation_duplicate', `A ${channel} donation with external id ${externalId} is already recorded`);
  }
  static cryptoOnOtherChannel(channel: string) {
    return new DonationsException('invalid', 'donation_crypto_channel', `crypto is only for channel crypto, not ${channel}`, [
      { field: 'crypto', message: 'only for channel crypto' },
    ]);
  }
  static badTxHash(asset: string) {
    const shape = asset === 'SOL' ? 'a base58 signature' : ['ETH', 'USDC', 'USDT', 'DAI'].includes(asset) ? '0x and 64 hex digits' : '64 hex digits';
    return new DonationsException('invalid', 'donation_bad_tx_hash', `crypto.txHash is not a ${asset} transaction hash (${shape})`, [
      { field: 'crypto.txHash', message: `must be ${shape}` },
    ]);
  }
  static duplicateTx(asset: string, hash: string) {
    return new DonationsException('conflict', 'donation_duplicate_tx', `A ${asset} donation with transaction ${hash} is already recorded`);
  }
  static badCursor() {
    return new DonationsException('invalid', 'donation_bad_cursor', 'after must be the next cursor of a previous answer', [
      { field: 'after', message: 'not a cursor this API gave out' },
    ]);
  }
}
