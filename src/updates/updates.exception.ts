import { AppException } from '../common/errors/app.exception.js';

export class UpdatesException extends AppException {
  static notFound(id: string) {
    return new UpdatesException('not_found', 'update_not_found', `Sponsor update ${id} does not exist`);
  }
  static alreadySent(id: string, sentAt: string) {
    return new UpdatesException('conflict', 'update_already_sent', `Sponsor update ${id} was sent at ${sentAt} and can no longer be edited`);
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
