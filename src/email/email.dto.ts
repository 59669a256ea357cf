import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { EmailTemplate } from './email-template.js';

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'suppressed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class EmailLogQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: EMAIL_STATUSES })
  @IsOptional()
  @IsIn(EMAIL_STATUSES)
  status?: EmailStatus;

  @ApiPropertyOptional({ enum: EmailTemplate })
  @IsOptional()
  @IsIn(Object.values(EmailTemplate))
  template?: EmailTemplate;

  @ApiPropertyOptional({ description: 'Recipient address, case-insensitive exact match' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(3, 320)
  recipient?: string;
}

export class PreviewQuery {
  @ApiPropertyOptional({ description: 'en or de; anything else previews the English version', example: 'de' })
  @IsOptional()
  @IsString()
  @MaxLength(35)
  locale?: string;
}

/** One row of the delivery log. No bodies, no props: they may hold personal data and tokens. */
export interface EmailLogEntry {
  id: string;
  template: EmailTemplate;
  locale: string;
  recipient: string;
  category: 'transactional' | 'bulk';
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  response: string | null;
  messageId: string;
  dedupeKey: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
}
