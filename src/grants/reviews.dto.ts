import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUrl, Length, MaxLength } from 'class-validator';
import { Check, isCalendarDate, NoControlChars, Trim } from '../common/validation/validators.js';

export class ReviewDto {
  @ApiProperty({ enum: ['approve', 'changes_requested'] })
  @IsIn(['approve', 'changes_requested'])
  decision: 'approve' | 'changes_requested';

  @ApiPropertyOptional({ description: 'Required with changes_requested: it goes to the grantee' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 5000)
  @NoControlChars()
  comment?: string;

  @ApiProperty({ description: 'true recuses you: the vote is kept as a recusal and not counted' })
  @IsBoolean()
  conflictOfInterest: boolean;
}

export class SubmitMilestoneDto {
  @ApiProperty({ example: ['https://gitlab.redox-os.org/redox-os/kernel/-/merge_requests/1'], description: 'https links to merged work, a report' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  @IsUrl({ protocols: ['https'], require_protocol: true }, { each: true, message: 'each evidence link must be an https URL' })
  evidence: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  @NoControlChars()
  note?: string;
}

export class PaidDto {
  @ApiProperty({ example: '2026-04-15', description: 'The day the grantee was paid (by NLnet, or by us for a stipend)' })
  @Check('isCalendarDate', isCalendarDate, 'paidOn must be a real date YYYY-MM-DD')
  paidOn: string;
}
