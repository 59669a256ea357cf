import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { toSafeNumber } from '../common/money/money.js';
import { todayUtc } from '../common/util/months.js';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { Accounts } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { PeriodsService } from '../periods/periods.service.js';
import type { Actor } from '../users/role.js';
import { FundSpendingService } from './fund-spending.service.js';
import { FundTransferDto } from './funds.dto.js';
import { FundsException } from './funds.exception.js';
import { FundsService } from './funds.service.js';

/**
 * A board decision to move money between funds (e.g. general → rsoc so stipends can be paid):
 * one entry with both sides, assets:bank out of one fund and into the other, so the total is
 * unchanged and each fund's balance moves. No source, restricted or not, can move more than it
 * holds (FundSpendingService.guardTransfer), and a transfer is recorded once it is made, not ahead.
 */
@Injectable()
export class FundTransfersService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly funds: FundsService,
    private readonly spending: FundSpendingService,
    private readonly ledger: LedgerService,
    private readonly periods: PeriodsService,
  ) {}

  create(dto: FundTransferDto, actor: Actor) {
    if (dto.from === dto.to) throw FundsException.sameFund(dto.from);
    const amount = BigInt(dto.amount.amount);
    if (amount <= 0n) throw FundsException.zeroTransfer();
    if (dto.transferredOn > todayUtc()) throw FundsException.futureTransfer();
    return this.tx.run(async (m) => {
      await this.periods.assertOpen(m, dto.transferredOn);
      const fromId = await this.funds.idFor(m, dto.from, { requireActive: false });
      const toId = await this.funds.idFor(m, dto.to);
      await this.spending.guardTransfer(m, fromId, dto.amount.currency, amount);
      const id = randomUUID();
      const entryId = await this.ledger.post(m, {
        key: `fund-transfer:${id}`,
        kind: 'fund.transfer',
        effectiveDate: dto.transferredOn,
        description: `Transfer ${dto.from} → ${dto.to}: ${dto.reason}`,
        postedBy: actor.id,
        postings: [
          { account: Accounts.bank, fundId: fromId, currency: dto.amount.currency, amount: -amount },
          { account: Accounts.bank, fundId: toId, currency: dto.amount.currency, amount },
        ],
      });
      const [row] = await m.query(
        `INSERT INTO fund_transfers (id, from_fund_id, to_fund_id, amount, currency, transferred_on, reason, entry_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, amount::text, currency::text, to_char(transferred_on, 'YYYY-MM-DD') AS "transferredOn", reason, entry_id AS "entryId", created_at AS "createdAt"`,
        [id, fromId, toId, amount.toString(), dto.amount.currency, dto.transferredOn, dto.reason, entryId, actor.id],
      );
      const transfer = { ...row, from: dto.from, to: dto.to, amount: { amount: toSafeNumber(row.amount), currency: row.currency } };
      delete transfer.currency;
      await this.audit.record(m, actor, 'fund.transfer', 'fund_transfer', id, null, transfer);
      return transfer;
    });
  }
}
