import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCurrencyCode, MoneyDto } from '../common/money/money.dto.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { Check, isCalendarDate, NoControlChars, Reason, ShortText, TrimLower } from '../common/validation/validators.js';
import { ROLE_KINDS, ROLE_STATUSES, type RoleKind, type RoleStatus } from './role-status.js';

const date = (field: string) => Check('isCalendarDate', isCalendarDate, `${field} must be a calendar date YYYY-MM-DD`);
const minor = (field: string) => IsInt({ message: `${field} must be an integer count of the minor unit (cents)` });

export class HolderDto {
  @ApiProperty({ example: 'Ribbon Hu' })
  @ShortText()
  name: string;

  @ApiProperty({ example: 'ribbon@example.org' })
  @TrimLower()
  @IsString()
  @MaxLength(254)
  @IsEmail({ require_tld: false }, { message: 'holder.email must be an email address' })
  email: string;
}

export class InstalmentDto {
  @ApiProperty({ example: '2026-07-01' })
  @date('dueOn')
  dueOn: string;

  @ApiProperty({ example: 250000 })
  @minor('amount')
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amount: number;
}

/** The public job posting of a role being hired for (GET /api/v1/jobs). */
export class PostingDto {
  @ApiProperty({ description: 'Markdown; rendered to sanitised HTML on the public posting' })
  @IsString()
  @MaxLength(20000)
  @NoControlChars()
  description: string;

  @ApiProperty({ example: 'A CV (PDF), links to code you wrote, two sentences on why Redox' })
  @IsString()
  @MaxLength(2000)
  @NoControlChars()
  whatToSend: string;

  @ApiPropertyOptional({ example: '2027-01-31', description: 'Last day applications are taken; none: open until filled' })
  @IsOptional()
  @date('deadline')
  deadline?: string;
}

export class CreateRoleDto {
  @ApiProperty({ example: 'Build engineer (part-time)' })
  @ShortText()
  title: string;

  @ApiProperty({ enum: ROLE_KINDS })
  @IsIn(ROLE_KINDS, { message: `kind must be one of ${ROLE_KINDS.join(', ')}` })
  kind: RoleKind;

  @ApiProperty({ example: 'general', description: 'Code of the fund that pays it' })
  @IsString()
  @MaxLength(63)
  fund: string;

  @ApiProperty({ example: 'USD' })
  @IsCurrencyCode()
  currency: string;

  @ApiPropertyOptional({ example: 100000, description: 'staff and contractor: cost per month in minor units of `currency`' })
  @IsOptional()
  @minor('monthlyCost')
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  monthlyCost?: number;

  @ApiPropertyOptional({ example: 500000, description: 'stipend: the whole stipend in minor units of `currency`' })
  @IsOptional()
  @minor('totalStipend')
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  totalStipend?: number;

  @ApiPropertyOptional({ type: [InstalmentDto], description: 'stipend: instalments summing to totalStipend (default: equal monthly parts from start to end)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(36)
  @ValidateNested({ each: true })
  @Type(() => InstalmentDto)
  schedule?: InstalmentDto[];

  @ApiPropertyOptional({ description: 'stipend: the season it belongs to' })
  @IsOptional()
  @IsUUID()
  seasonId?: string;

  @ApiProperty({ example: '2026-06-01' })
  @date('startsOn')
  startsOn: string;

  @ApiPropertyOptional({ example: '2026-08-31' })
  @IsOptional()
  @date('endsOn')
  endsOn?: string;

  @ApiPropertyOptional({ enum: ['planned', 'hiring', 'active'], default: 'planned' })
  @IsOptional()
  @IsIn(['planned', 'hiring', 'active'], { message: 'status of a new role must be planned, hiring or active' })
  status?: Exclude<RoleStatus, 'ended'>;

  @ApiPropertyOptional({ type: HolderDto, description: 'Who holds it; none while planned or hiring' })
  @IsOptional()
  @IsObject({ message: 'holder must be {name, email}' })
  @ValidateNested()
  @Type(() => HolderDto)
  holder?: HolderDto;

  @ApiPropertyOptional({ default: false, description: 'Shown on the transparency summary and job postings' })
  @IsOptional()
  @IsBoolean()
  public?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @NoControlChars()
  publicDescription?: string;

  @ApiPropertyOptional({ type: PostingDto, description: 'The public posting shown while the role is hiring' })
  @IsOptional()
  @IsObject({ message: 'posting must be {description, whatToSend, deadline}' })
  @ValidateNested()
  @Type(() => PostingDto)
  posting?: PostingDto;
}

/** What may change on a role after creation: the same fields and rules as creating it, all optional (monthly cost applies to the whole schedule). */
export class UpdateRoleDto extends PartialType(PickType(CreateRoleDto, ['title', 'holder', 'monthlyCost', 'endsOn', 'public', 'publicDescription', 'posting'] as const)) {}

export class RoleStatusDto {
  @ApiProperty({ enum: ROLE_STATUSES })
  @IsIn(ROLE_STATUSES, { message: `status must be one of ${ROLE_STATUSES.join(', ')}` })
  status: RoleStatus;

  @ApiPropertyOptional({ type: HolderDto, description: 'Who takes the role, when it becomes active' })
  @IsOptional()
  @IsObject({ message: 'holder must be {name, email}' })
  @ValidateNested()
  @Type(() => HolderDto)
  holder?: HolderDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RolesQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: ROLE_STATUSES })
  @IsOptional()
  @IsIn(ROLE_STATUSES)
  status?: RoleStatus;

  @ApiPropertyOptional({ enum: ROLE_KINDS })
  @IsOptional()
  @IsIn(ROLE_KINDS)
  kind?: RoleKind;

  @ApiPropertyOptional({ example: 'general' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  fund?: string;
}

export class RolePaymentDto {
  @ApiProperty({ type: MoneyDto, description: "In the role's currency" })
  @IsObject({ message: 'amount must be {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  amount: MoneyDto;

  @ApiProperty({ example: '2026-11-28' })
  @date('paidOn')
  paidOn: string;

  @ApiPropertyOptional({ example: 'Invoice 2026-11' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reference?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: 'Needed when the payment goes beyond the schedule or the remaining stipend' })
  @IsOptional()
  @Reason()
  overrideReason?: string;

  @ApiPropertyOptional({ example: 'assets:bank', default: 'assets:bank', description: 'The asset account the money leaves' })
  @IsOptional()
  @Matches(/^assets(:[a-z0-9][a-z0-9-]*)+$/, { message: 'paidFrom must be an asset account such as assets:bank' })
  @MaxLength(200)
  paidFrom?: string;
}

export class ReverseDto {
  @ApiProperty({ example: 'Paid twice by mistake; the bank returned it' })
  @Reason()
  reason: string;
}

export class CreateSeasonDto {
  @ApiProperty({ example: 'RSoC 2026' })
  @ShortText()
  name: string;

  @ApiProperty({ example: 'rsoc' })
  @IsString()
  @MaxLength(63)
  fund: string;

  @ApiProperty({ type: MoneyDto, example: { amount: 1000000, currency: 'USD' } })
  @IsObject({ message: 'budget must be {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  budget: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Most one student may get; default STIPEND_CAP in the budget currency' })
  @IsOptional()
  @IsObject({ message: 'perStudentCap must be {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  perStudentCap?: MoneyDto;

  @ApiPropertyOptional({ example: '2026-06-01' })
  @IsOptional()
  @date('startsOn')
  startsOn?: string;

  @ApiPropertyOptional({ example: '2026-08-31' })
  @IsOptional()
  @date('endsOn')
  endsOn?: string;
}

export class SeasonStatusDto {
  @ApiProperty({ enum: ['planned', 'open', 'running', 'closed'] })
  @IsIn(['planned', 'open', 'running', 'closed'], { message: 'status must be one of planned, open, running, closed' })
  status: 'planned' | 'open' | 'running' | 'closed';
}
