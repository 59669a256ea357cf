import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SingleLine } from '../common/validation/single-line.js';

export class CreateFundDto {
  @ApiProperty({ example: 'build-engineer' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'code must be lower-case letters, digits and dashes (at most 63)' })
  code: string;

  @ApiProperty({ example: 'Build engineer' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @SingleLine()
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ default: true, description: 'Restricted funds may only pay for their purpose' })
  @IsOptional()
  @IsBoolean()
  restricted?: boolean;
}

export class UpdateFundDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @SingleLine()
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
