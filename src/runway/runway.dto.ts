import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class RunwayQuery {
  @ApiPropertyOptional({ default: 24, minimum: 1, maximum: 120, description: 'How many months to project' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'months must be a whole number of months' })
  @Min(1)
  @Max(120)
  months = 24;
}
