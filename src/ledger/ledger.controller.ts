import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { AccountsQuery, EntriesQuery } from './ledger.dto.js';
import { LedgerCheckService } from './ledger-check.service.js';
import { LedgerService } from './ledger.service.js';

@ApiTags('ledger')
@Roles('admin', 'treasurer', 'board')
@Controller('api/v1/ledger')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly checker: LedgerCheckService,
  ) {}

  /** Balances per account, fund and currency. */
  @Get('accounts')
  accounts(@Query() query: AccountsQuery) {
    return this.ledger.accounts(query);
  }

  /** Journal entries with their postings, newest first. */
  @Get('entries')
  entries(@Query() query: EntriesQuery) {
    return this.ledger.entries(query, query);
  }

  /** The integrity check the CLI runs, for monitoring. */
  @Roles('admin', 'treasurer')
  @Get('check')
  check() {
    return this.checker.run();
  }
}
