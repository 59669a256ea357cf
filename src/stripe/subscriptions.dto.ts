import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { IsDateOrDateTime } from '../common/validation/validators.js';

export const SUBSCRIPTION_STATES = ['active', 'failing', 'cancelled'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export class SubscriptionsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATES })
  @IsOptional()
  @IsIn(SUBSCRIPTION_STATES, { message: `state must be one of ${SUBSCRIPTION_STATES.join(', ')}` })
  state?: SubscriptionState;

  @ApiPropertyOptional({ example: '2026-10-01', description: 'Failures listed from this date or time on (default: the last 30 days)' })
  @IsOptional()
  @IsDateOrDateTime()
  failedSince?: string;
}
