import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUrl, Length, MaxLength } from 'class-validator';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { Check, NoControlChars, Trim, ShortText } from '../common/validation/validators.js';
import { isIsoWithOffset, isTimeZone } from './call-deadline.js';

export class CreateCallDto {
  @ApiProperty({ example: 'NLnet' })
  @Trim()
  @IsString()
  @Length(1, 100)
  @NoControlChars()
  funder: string;

  @ApiProperty({ example: 'NGI Zero Commons Fund' })
  @ShortText()
  programme: string;

  @ApiProperty({ example: '2026-12-01T12:00:00+01:00', description: 'ISO 8601 with an offset' })
  @Check('isIsoWithOffset', isIsoWithOffset, 'deadline must be an ISO 8601 date-time with an offset, e.g. 2026-12-01T12:00:00+01:00')
  deadline: string;

  @ApiPropertyOptional({ example: 'Europe/Amsterdam', description: 'IANA time zone the deadline is announced in (default UTC)' })
  @IsOptional()
  @Check('isTimeZone', isTimeZone, 'timeZone must be an IANA time zone such as Europe/Amsterdam')
  timeZone?: string;

  @ApiPropertyOptional({ example: 'https://nlnet.nl/commonsfund/' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'url must be an http(s) URL' })
  url?: string;
}

export class UpdateCallDto {
  @ApiPropertyOptional()
  @IsOptional()
  @ShortText()
  programme?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Check('isIsoWithOffset', isIsoWithOffset, 'deadline must be an ISO 8601 date-time with an offset, e.g. 2026-12-01T12:00:00+01:00')
  deadline?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Check('isTimeZone', isTimeZone, 'timeZone must be an IANA time zone such as Europe/Amsterdam')
  timeZone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'url must be an http(s) URL' })
  url?: string;
}

export class CallListQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Only calls whose deadline is still ahead' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  upcoming?: boolean;
}
