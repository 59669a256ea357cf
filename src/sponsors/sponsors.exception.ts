import { AppException } from '../common/errors/app.exception.js';

export class SponsorsException extends AppException {
  static notFound(id: string) {
    return new SponsorsException('not_found', 'sponsor_not_found', `Sponsor ${id} does not exist`);
  }
  static emailTaken(email: string) {
    return new SponsorsException('conflict', 'sponsor_email_taken', `A sponsor with email ${email} already exists`);
  }
  static unknownReference(id: string) {
    return new SponsorsException('invalid', 'sponsor_unknown', `Sponsor ${id} does not exist`, [{ field: 'sponsorId', message: `unknown sponsor ${id}` }]);
  }
}
