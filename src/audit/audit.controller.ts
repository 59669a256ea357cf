import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Roles } from '../auth/access.decorator.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { AuditService } from './audit.service.js';

export class AuditQuery extends PaginationQuery {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entity?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;
}

@ApiTags('audit')
@Roles('admin', 'treasurer', 'board')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query() query: AuditQuery) {
    return this.audit.list({ entity: query.entity, entityId: query.entityId }, query);
  }

  @Get('verify')
  verify() {
    return this.audit.verify();
  }
}
