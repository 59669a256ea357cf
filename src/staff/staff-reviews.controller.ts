import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { MilestonesService } from '../grants/milestones.service.js';
import { ReviewDto } from '../grants/reviews.dto.js';
import { ReviewsService } from '../grants/reviews.service.js';
import { catalogs } from '../i18n/catalogs.js';
import { formErrorsFrom, one, validateForm, type FormError } from '../pages/page-form.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';
import { UuidOr404 } from './uuid-or-404.js';

const VOTE_ANCHORS = { decision: 'f-decision-approve', comment: 'f-comment', conflictOfInterest: 'f-conflict' };

/** The board's review queue and the vote on one submitted milestone (`ReviewsService`, as the API). */
@ApiExcludeController()
@StaffPage('board')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/reviews')
export class StaffReviewsController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly reviews: ReviewsService,
    private readonly milestones: MilestonesService,
  ) {}

  @Get()
  async queue(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const queue = await this.reviews.queue(request.staffSession.actor);
    await this.staff.render(request, reply, 'staff/reviews', { queue }, { title: 'staff:reviews.title', nav: 'reviews' });
  }

  @Get(':milestoneId')
  async milestone(@Param('milestoneId', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    await this.show(request, reply, id, {}, [], 200);
  }

  @Post(':milestoneId')
  async vote(@Param('milestoneId', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const conflictOfInterest = body.conflictOfInterest === 'yes';
    // A declared conflict is recorded as a recusal whatever was chosen, so it needs no choice.
    const values = { decision: one(body.decision) ?? (conflictOfInterest ? 'approve' : undefined), comment: one(body.comment), conflictOfInterest };
    const t = (key: string) => catalogs().t(locale, `staff:review.errors.${key}`);
    let errors: FormError[] = [];
    if (!values.decision) errors.push({ field: 'decision', href: `#${VOTE_ANCHORS.decision}`, message: t('decision') });
    else if (values.decision === 'changes_requested' && !values.comment && !conflictOfInterest) {
      errors.push({ field: 'comment', href: `#${VOTE_ANCHORS.comment}`, message: t('comment') });
    }
    if (errors.length === 0) {
      const result = await validateForm(ReviewDto, values, locale, VOTE_ANCHORS);
      if (!result.ok) errors = result.errors;
      else {
        try {
          await this.reviews.vote(id, result.dto, request.staffSession.actor);
          return this.staff.redirect(reply, '/staff/reviews', conflictOfInterest ? 'recused' : 'voted');
        } catch (error) {
          errors = formErrorsFrom(error, locale, VOTE_ANCHORS);
        }
      }
    }
    await this.show(request, reply, id, values, errors, 400);
  }

  private async show(request: StaffRequest, reply: FastifyReply, id: string, values: Record<string, unknown>, errors: FormError[], status: number) {
    const milestone = await this.milestones.get(id);
    const { actor } = request.staffSession;
    const mine = milestone.reviews.find((r: { round: number; reviewerId: string }) => r.round === milestone.reviewRound && r.reviewerId === actor.id);
    const earlier = milestone.reviews.filter((r: { round: number }) => r.round < milestone.reviewRound);
    const current = milestone.reviews.filter((r: { round: number }) => r.round === milestone.reviewRound);
    const errorFor = Object.fromEntries(errors.map((e) => [e.field, e.message]));
    await this.staff.render(
      request,
      reply,
      'staff/review',
      { milestone, earlier, current, canVote: milestone.status === 'submitted' && !mine, mine, values, errorFor },
      { title: 'staff:review.title', titleVars: { title: milestone.title }, nav: 'reviews', errors, status },
    );
  }
}
