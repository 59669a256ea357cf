import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MoneyDto } from '../common/money/money.dto.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { NoControlChars, Trim, TrimLower, ShortText } from '../common/validation/validators.js';
import { INTEREST_STATUSES, type InterestStatus } from './interest-status.js';

export class CreateInterestDto {
  @ApiProperty({ example: 'Ada Lovelace' })
  @ShortText()
  name: string;

  @ApiProperty({ example: 'ada@example.org' })
  @TrimLower()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ example: ['unix-signals'], description: 'Codes from GET /api/v1/priority-areas' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[a-z0-9-]{1,60}$/, { each: true, message: 'each area must be a priority-area code' })
  areas: string[];

  @ApiProperty({ description: 'The idea, up to 5000 characters' })
  @Trim()
  @IsString()
  @Length(1, 5000)
  @NoControlChars()
  summary: string;

  @ApiProperty({ description: 'Must be true: consent to keep and process this data' })
  @Equals(true, { message: 'consent must be true' })
  consent: boolean;

  @ApiPropertyOptional({ example: ['https://github.com/ada'], description: 'CV, portfolio, git (http/https)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { each: true, message: 'each link must be an http(s) URL' })
  links?: string[];

  @ApiPropertyOptional({ example: '20 h/week from March' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  @NoControlChars()
  availability?: string;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  expectedBudget?: MoneyDto;

  @ApiPropertyOptional({ description: 'Leave empty (spam trap)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  website?: string;
}

export class InterestListQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: INTEREST_STATUSES })
  @IsOptional()
  @IsIn(INTEREST_STATUSES)
  status?: InterestStatus;

  @ApiPropertyOptional({ description: 'Priority-area code' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  area?: string;
}

export class InterestNoteDto {
  @ApiProperty({ description: 'Internal note; never shown to the applicant' })
  @Trim()
  @IsString()
  @Length(1, 5000)
  @NoControlChars()
  body: string;
}

export class MoveInterestDto {
  @ApiProperty({ enum: INTEREST_STATUSES })
  @IsIn(INTEREST_STATUSES)
  status: InterestStatus;

  @ApiPropertyOptional({ description: 'Internal note kept with the move' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 5000)
  @NoControlChars()
  note?: string;
}
