import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { PriorityAreasController } from './priority-areas.controller.js';
import { PriorityAreasService } from './priority-areas.service.js';

@Module({ imports: [AuditModule], controllers: [PriorityAreasController], providers: [PriorityAreasService], exports: [PriorityAreasService] })
export class PriorityAreasModule {}
