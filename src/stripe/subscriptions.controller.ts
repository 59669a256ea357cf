import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { SubscriptionListService } from './subscription-list.service.js';
import { SubscriptionsQuery } from './subscriptions.dto.js';

@ApiTags('stripe')
@Controller('api/v1/subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionListService) {}

  /** Recurring donations (active, failing, cancelled) with their sponsor, monthly amount and recent failures. */
  @Roles('admin', 'treasurer', 'board')
  @Get()
  list(@Query() query: SubscriptionsQuery) {
    return this.subscriptions.list(query);
  }
}
