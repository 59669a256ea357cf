import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';

export const SUBSCRIPTION_STATES = ['active', 'failing', 'cancelled'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export class SubscriptionsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATES })
  @IsOptional()
  @IsIn(SUBSCRIPTION_STATES, { message: `state must be one of ${SUBSCRIPTION_STATES.join(', ')}` })
  state?: SubscriptionState;

  @ApiPropertyOptional({ example: '2026-10-01', description: 'Failures listed from this date or time on (default: the last 30 days)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'failedSince must be an ISO 8601 date or time' })
  failedSince?: string;
}
