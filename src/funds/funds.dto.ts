import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SingleLine } from '../common/validation/single-line.js';
import { FundCode } from './fund-code.js';

export class CreateFundDto {
  @ApiProperty({ example: 'build-engineer' })
  @FundCode()
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
