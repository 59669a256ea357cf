import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUrl, IsUUID, Length, MaxLength } from 'class-validator';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { NoControlChars, ShortText, Trim, TrimLower } from '../common/validation/validators.js';
import { APPLICATION_STAGES, type ApplicationStage } from './application-stage.js';

/** The text fields of an application (multipart fields, or a JSON body when no CV is sent). */
export class ApplicationFieldsDto {
  @ApiProperty({ example: 'Ada Lovelace' })
  @ShortText()
  name: string;

  @ApiProperty({ example: 'ada@example.org' })
  @TrimLower()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ description: 'Why you, up to 10000 characters' })
  @Trim()
  @IsString()
  @Length(1, 10000)
  @NoControlChars()
  message: string;

  @ApiPropertyOptional({ example: ['https://github.com/ada'], description: 'http(s) links; repeat the multipart field for several' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { each: true, message: 'each link must be an http(s) URL' })
  links?: string[];

  @ApiPropertyOptional({ description: 'Leave empty (spam trap)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  website?: string;
}

export class ApplicationsQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Only applications to this role' })
  @IsOptional()
  @IsUUID()
  roleId?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STAGES })
  @IsOptional()
  @IsIn(APPLICATION_STAGES)
  stage?: ApplicationStage;
}

export class MoveApplicationDto {
  @ApiProperty({ enum: APPLICATION_STAGES })
  @IsIn(APPLICATION_STAGES, { message: `stage must be one of ${APPLICATION_STAGES.join(', ')}` })
  stage: ApplicationStage;

  @ApiPropertyOptional({ description: 'Internal note kept with the move' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 5000)
  @NoControlChars()
  note?: string;
}

export class ApplicationNoteDto {
  @ApiProperty({ description: 'Internal note; never shown to the applicant' })
  @Trim()
  @IsString()
  @Length(1, 5000)
  @NoControlChars()
  body: string;
}

export class ApplicationVoteDto {
  @ApiProperty({ enum: ['offer', 'decline'], description: 'Make this applicant an offer, or not' })
  @IsIn(['offer', 'decline'])
  decision: 'offer' | 'decline';

  @ApiPropertyOptional()
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
