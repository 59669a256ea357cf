import { CreateFoundation1764150000000 } from './1764150000000-CreateFoundation.js';
import { CreateEmailOutbox1764150100000 } from './1764150100000-CreateEmailOutbox.js';
import { EmailDeliveryAndUnsubscribe1764151000000 } from './1764151000000-EmailDeliveryAndUnsubscribe.js';
import { CreateMoney1764152000000 } from './1764152000000-CreateMoney.js';
import { CreateGrants1764153000000 } from './1764153000000-CreateGrants.js';
import { CreateImports1764154000000 } from './1764154000000-CreateImports.js';
import { CreateReconciliation1764155000000 } from './1764155000000-CreateReconciliation.js';
import { StripeChargeInOneCall1764210000000 } from './1764210000000-StripeChargeInOneCall.js';
import { DonationListIndexes1764210100000 } from './1764210100000-DonationListIndexes.js';

/** Listed explicitly so the same array works from `src` (ts-jest) and from `dist`. */
export const MIGRATIONS = [
  CreateFoundation1764150000000,
  CreateEmailOutbox1764150100000,
  EmailDeliveryAndUnsubscribe1764151000000,
  CreateMoney1764152000000,
  CreateGrants1764153000000,
  CreateImports1764154000000,
  CreateReconciliation1764155000000,
  StripeChargeInOneCall1764210000000,
  DonationListIndexes1764210100000,
];
