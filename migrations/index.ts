import { CreateFoundation1764150000000 } from './1764150000000-CreateFoundation.js';
import { CreateEmailOutbox1764150100000 } from './1764150100000-CreateEmailOutbox.js';
import { EmailDeliveryAndUnsubscribe1764151000000 } from './1764151000000-EmailDeliveryAndUnsubscribe.js';
import { CreateMoney1764152000000 } from './1764152000000-CreateMoney.js';
import { CreateGrants1764153000000 } from './1764153000000-CreateGrants.js';
import { CreateImports1764154000000 } from './1764154000000-CreateImports.js';
import { CreateReconciliation1764155000000 } from './1764155000000-CreateReconciliation.js';
import { GrantFundCodeRule1764161000000 } from './1764161000000-GrantFundCodeRule.js';
import { Hardening1764170000000 } from './1764170000000-Hardening.js';
import { CreateRolesAndSpending1764180000000 } from './1764180000000-CreateRolesAndSpending.js';
import { RecurringGiving1764190000000 } from './1764190000000-RecurringGiving.js';
import { CryptoDonations1764190100000 } from './1764190100000-CryptoDonations.js';
import { AcknowledgedFindings1764190200000 } from './1764190200000-AcknowledgedFindings.js';
import { DonorSelfService1764220200000 } from './1764220200000-DonorSelfService.js';
import { GrantsForPriorities1764220100000 } from './1764220100000-GrantsForPriorities.js';
import { CreateStaffSessions1764240000000 } from './1764240000000-CreateStaffSessions.js';
import { CreateSponsorUpdates1764220000000 } from './1764220000000-CreateSponsorUpdates.js';
import { Hiring1764230100000 } from './1764230100000-Hiring.js';
import { StripeChargeInOneCall1764210000000 } from './1764210000000-StripeChargeInOneCall.js';
import { DonationListIndexes1764210100000 } from './1764210100000-DonationListIndexes.js';
import { ImportRowsCarryIncome1764300000000 } from './1764300000000-ImportRowsCarryIncome.js';
import { ReconciliationMatchKeys1764310000000 } from './1764310000000-ReconciliationMatchKeys.js';
import { StripeChargeRateOnce1764310100000 } from './1764310100000-StripeChargeRateOnce.js';
import { ImportRowsPerStatement1764400000000 } from './1764400000000-ImportRowsPerStatement.js';
import { AnnouncedChanges1764500000000 } from './1764500000000-AnnouncedChanges.js';
import { StripeChargesInBatches1764600000000 } from './1764600000000-StripeChargesInBatches.js';
import { StripeChargeLookupPlannedFresh1764700000000 } from './1764700000000-StripeChargeLookupPlannedFresh.js';
import { RoutineMatchOnDonation1764800000000 } from './1764800000000-RoutineMatchOnDonation.js';
import { NoTinyTableStatistics1764900000000 } from './1764900000000-NoTinyTableStatistics.js';

/** Listed explicitly so the same array works from `src` (the tests) and from `dist`. */
export const MIGRATIONS = [
  CreateFoundation1764150000000,
  CreateEmailOutbox1764150100000,
  EmailDeliveryAndUnsubscribe1764151000000,
  CreateMoney1764152000000,
  CreateGrants1764153000000,
  CreateImports1764154000000,
  CreateReconciliation1764155000000,
  GrantFundCodeRule1764161000000,
  Hardening1764170000000,
  CreateRolesAndSpending1764180000000,
  RecurringGiving1764190000000,
  CryptoDonations1764190100000,
  AcknowledgedFindings1764190200000,
  CreateSponsorUpdates1764220000000,
  GrantsForPriorities1764220100000,
  DonorSelfService1764220200000,
  Hiring1764230100000,
  StripeChargeInOneCall1764210000000,
  DonationListIndexes1764210100000,
  CreateStaffSessions1764240000000,
  ImportRowsCarryIncome1764300000000,
  ReconciliationMatchKeys1764310000000,
  StripeChargeRateOnce1764310100000,
  ImportRowsPerStatement1764400000000,
  AnnouncedChanges1764500000000,
  StripeChargesInBatches1764600000000,
  StripeChargeLookupPlannedFresh1764700000000,
  RoutineMatchOnDonation1764800000000,
  NoTinyTableStatistics1764900000000,
];
