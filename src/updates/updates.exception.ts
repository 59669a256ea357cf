import { AppException } from '../common/errors/app.exception.js';

export class UpdatesException extends AppException {
  static notFound(id: string) {
    return new UpdatesException('not_found', 'update_not_found', `Sponsor update ${id} does not exist`);
  }
  static alreadySent(id: string, sentAt: string) {
    return new UpdatesException('conflict', 'update_already_sent', `Sponsor update ${id} was sent at ${sentAt} and can no longer be edited`);
  }
  /** A send that finds the update already sent (a double click, two board members at once), decided under the send's lock. */
  static sentBefore(id: string, sentAt: string, queued: number) {
    return new UpdatesException('conflict', 'update_sent_before', `Sponsor update ${id} was sent at ${sentAt} (${queued} emails queued); nothing was sent again`, [
      { sentAt, queued },
    ]);
  }
  static unknownFund(code: string) {
    return new UpdatesException('invalid', 'update_unknown_fund', `Fund ${code} does not exist`, [{ field: 'audience', message: `unknown fund ${code}` }]);
  }
  static unknownSponsor(id: string) {
    return new UpdatesException('invalid', 'update_unknown_sponsor', `Sponsor ${id} does not exist`, [{ field: 'sponsorId', message: `unknown sponsor ${id}` }]);
  }
  static badPeriod() {
    return new UpdatesException('invalid', 'update_bad_period', 'The period must start on or before its end', [{ field: 'period', message: 'from must be on or before to' }]);
  }
}
