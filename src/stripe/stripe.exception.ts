import { AppException } from '../common/errors/app.exception.js';

export class StripeException extends AppException {
  static badSignature(reason: string) {
    return new StripeException('invalid', 'stripe_bad_signature', `Webhook signature rejected: ${reason}`);
  }
  static malformedEvent(problem: string) {
    return new StripeException('invalid', 'stripe_malformed_event', `The event is signed but malformed: ${problem}`, [{ field: 'event', message: problem }]);
  }
  static noWebhookSecret() {
    return new StripeException('unavailable', 'stripe_webhooks_off', 'Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET is unset)');
  }
  static notConfigured() {
    return new StripeException('unavailable', 'stripe_not_configured', 'Stripe is not configured on this server (STRIPE_SECRET_KEY is unset); card donations are unavailable');
  }
  static upstream(message: string) {
    return new StripeException('unavailable', 'stripe_unavailable', `Stripe did not answer: ${message}`);
  }
  static noCustomer() {
    return new StripeException('not_found', 'stripe_no_customer', 'There is no recurring donation to manage for this link');
  }
  static syncRunning() {
    return new StripeException('conflict', 'stripe_sync_running', 'A Stripe sync is already running; try again when it has finished');
  }
}
