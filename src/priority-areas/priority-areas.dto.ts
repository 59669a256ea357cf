import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ShortText } from '../common/validation/validators.js';

export class AreaTitlesDto {
  @ApiPropertyOptional({ example: 'Unix-Signale', description: 'German title; German visitors see the English one without it' })
  @IsOptional()
  @ShortText()
  de?: string;
}

export class CreatePriorityAreaDto {
  @ApiProperty({ example: 'ring-buffer-io' })
  @Matches(/^[a-z0-9-]{1,60}$/, { message: 'code must be lower-case letters, digits and dashes (at most 60)' })
  code: string;

  @ApiProperty({ example: 'Ring buffers for disk and file-system I/O', description: 'English title' })
  @ShortText()
  title: string;

  @ApiPropertyOptional({ type: AreaTitlesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AreaTitlesDto)
  titles?: AreaTitlesDto;

  @ApiPropertyOptional({ description: 'Place in the list (1 = first); default last' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  position?: number;
}

export class UpdatePriorityAreaDto {
  @ApiPropertyOptional()
  @IsOptional()
  @ShortText()
  title?: string;

  @ApiPropertyOptional({ type: AreaTitlesDto, description: 'Replaces the stored translations' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AreaTitlesDto)
  titles?: AreaTitlesDto;

  @ApiPropertyOptional({ description: 'false retires the area: it leaves the interest form but stays on old grants and interests' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  position?: number;
}
