import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { MaxBody } from '../common/http/max-body.js';
import type { Actor } from '../users/role.js';
import { CreateInterestDto, InterestListQuery, InterestNoteDto, MoveInterestDto } from './interest.dto.js';
import { InterestService } from './interest.service.js';

/** The public side: the form, the applicant's status link, the list of priority areas. */
@ApiTags('interest')
@Controller('api/v1')
export class InterestPublicController {
  constructor(private readonly interest: InterestService) {}

  @Post('interest')
  @Public()
  @RateLimited('public')
  @MaxBody(32 * 1024)
  @HttpCode(202)
  @ApiAcceptedResponse({ description: '{id}; an acknowledgement with a private status link is emailed' })
  @ApiHeader({ name: 'accept-language', required: false, description: 'The language remembered for later emails (en, de; else en)' })
  submit(@Body() dto: CreateInterestDto, @Headers('accept-language') acceptLanguage?: string) {
    return this.interest.submit(dto, acceptLanguage);
  }

  @Get('interest/status/:token')
  @Public()
  @RateLimited('public')
  status(@Param('token') token: string) {
    return this.interest.publicStatus(token);
  }

  @Get('priority-areas')
  @Public()
  @RateLimited('public')
  @ApiHeader({ name: 'accept-language', required: false, description: 'Titles in this language where the catalogs have it (en, de)' })
  priorityAreas(@Headers('accept-language') acceptLanguage?: string) {
    return this.interest.priorityAreas(acceptLanguage);
  }
}

/** Board triage. */
@ApiTags('interest')
@Roles('admin', 'board')
@Controller('api/v1/interest')
export class InterestTriageController {
  constructor(private readonly interest: InterestService) {}

  @Get()
  list(@Query() query: InterestListQuery) {
    return this.interest.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.interest.get(id);
  }

  @Post(':id/notes')
  addNote(@Param('id', ParseUUIDPipe) id: string, @Body() dto: InterestNoteDto, @CurrentUser() actor: Actor) {
    return this.interest.addNote(id, dto.body, actor);
  }

  @Post(':id/status')
  @HttpCode(200)
  move(@Param('id', ParseUUIDPipe) id: string, @Body() dto: MoveInterestDto, @CurrentUser() actor: Actor) {
    return this.interest.move(id, dto.status, dto.note, actor);
  }

  /** Erasure on request: anonymises personal data, keeps the aggregate numbers. */
  @Delete(':id')
  @Roles('admin')
  erase(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() actor: Actor) {
    return this.interest.erase(id, actor);
  }
}
