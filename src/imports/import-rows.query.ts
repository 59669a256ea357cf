import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';

export class ImportRowsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: ['ok', 'error'] })
  @IsOptional()
  @IsIn(['ok', 'error'])
  status?: 'ok' | 'error';
}
