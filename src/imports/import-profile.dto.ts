import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsCurrencyCode } from '../common/money/money.dto.js';
import { TEXT_ENCODINGS } from './parsing/decode.js';
import type { TextEncoding } from './parsing/decode.js';
import { DATE_FORMATS } from './parsing/values.js';
import type { DateFormat, DecimalSeparator } from './parsing/values.js';

const column = () => [IsOptional(), IsString(), Length(1, 200)];
const Column = (): PropertyDecorator => (target, key) => column().forEach((d) => d(target, key));

/** A bank's CSV layout. Columns are named as in the file's header row. */
export class ImportProfileDto {
  @ApiProperty({ example: 'sparkasse', description: 'Lower-case letters, digits, - and _' })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'name must be 1-64 lower-case letters, digits, - or _' })
  name: string;

  @ApiPropertyOptional({ enum: [',', ';', '\t', '|'], default: ',' })
  @IsOptional()
  @IsIn([',', ';', '\t', '|'])
  delimiter: string = ',';

  @ApiPropertyOptional({ enum: TEXT_ENCODINGS, default: 'utf-8' })
  @IsOptional()
  @IsIn(TEXT_ENCODINGS)
  encoding: TextEncoding = 'utf-8';

  @ApiPropertyOptional({ enum: ['.', ','], default: '.' })
  @IsOptional()
  @IsIn(['.', ','])
  decimalSeparator: DecimalSeparator = '.';

  @ApiPropertyOptional({ default: 1, description: 'Line of the header row; lines above it are skipped' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  headerLine: number = 1;

  @ApiProperty({ example: 'Buchungstag' })
  @IsString()
  @Length(1, 200)
  dateColumn: string;

  @ApiProperty({ enum: DATE_FORMATS, example: 'DD.MM.YY' })
  @IsIn(DATE_FORMATS)
  dateFormat: DateFormat;

  @ApiPropertyOptional() @Column() valueDateColumn?: string;
  @ApiPropertyOptional({ description: 'Signed amount column (or debitColumn + creditColumn)' }) @Column() amountColumn?: string;
  @ApiPropertyOptional() @Column() debitColumn?: string;
  @ApiPropertyOptional() @Column() creditColumn?: string;
  @ApiPropertyOptional({ description: 'Currency column (or currency)' }) @Column() currencyColumn?: string;

  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ type: [String], description: 'Joined with spaces into the description' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  descriptionColumns?: string[];

  @ApiPropertyOptional() @Column() referenceColumn?: string;
  @ApiPropertyOptional() @Column() bankReferenceColumn?: string;
  @ApiPropertyOptional() @Column() counterpartyColumn?: string;
  @ApiPropertyOptional({ description: "A debit's other party when the bank names payer and payee in two columns" }) @Column() debitCounterpartyColumn?: string;
  @ApiPropertyOptional() @Column() counterpartyAccountColumn?: string;
  @ApiPropertyOptional({ description: 'Column telling booked from pending rows (with bookedStatuses)', example: 'Status' }) @Column() statusColumn?: string;

  @ApiPropertyOptional({ type: [String], example: ['Gebucht'], description: 'Values of statusColumn that mean booked; other rows are bad rows' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  bookedStatuses?: string[];

  @ApiPropertyOptional({ description: 'The account (IBAN) the statements are for; rows dedupe per account' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  account?: string;

  @ApiPropertyOptional() @Column() accountColumn?: string;
}

export class UpdateImportProfileDto extends OmitType(ImportProfileDto, ['name'] as const) {}
