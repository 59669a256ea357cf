import { AppException } from '../common/errors/app.exception.js';

export class EmailException extends AppException {
  static notFound(id: string) {
    return new EmailException('not_found', 'email_not_found', `Email ${id} does not exist`);
  }
  static notRetryable(id: string, status: string) {
    return new EmailException('conflict', 'email_not_retryable', `Email ${id} is ${status}; only a failed email can be retried`);
  }
  static unknownTemplate(name: string) {
    return new EmailException('not_found', 'email_template_not_found', `There is no email template named ${name}`);
  }
  /** One answer for every bad token (malformed, unknown, revoked, expired, forged): no oracle. */
  static invalidUnsubscribeLink() {
    return new EmailException('not_found', 'unsubscribe_link_invalid', 'This unsubscribe link is not valid or has expired');
  }
}
