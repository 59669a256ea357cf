import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { RunwayQuery } from '../runway/runway.dto.js';
import { RunwayService } from '../runway/runway.service.js';
import { runwayChart } from './runway-chart.js';
import { checkForm } from './spending-form.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';

const DEFAULT_MONTHS = 12;
const CHOICES = [6, 12, 24, 36, 60];

/** The runway (`RunwayService.runway`, as `GET /api/v1/runway`) as a chart drawn on the server and the same figures as a table. */
@ApiExcludeController()
@StaffPage('admin', 'treasurer', 'board')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/runway')
export class StaffRunwayController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly runway: RunwayService,
  ) {}

  @Get()
  async show(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const asked = (request.query as Record<string, unknown> | undefined)?.months;
    let months = DEFAULT_MONTHS;
    let errors: { field: string; href: string; message: string }[] = [];
    if (asked !== undefined && asked !== '') {
      const result = await checkForm(RunwayQuery, { months: typeof asked === 'string' && /^\d{1,6}$/.test(asked) ? asked : 'x' }, locale, ['months'], { months: 'f-months' });
      if (result.ok) months = result.dto.months;
      else errors = result.errors;
    }
    const runway = await this.runway.runway(months);
    const total = runway.total;
    await this.staff.render(
      request,
      reply,
      'staff/runway',
      {
        runway,
        total,
        chart: runwayChart(total.projection, total.runsOutIn, runway.baseCurrency, locale),
        months,
        typedMonths: errors.length ? String(asked) : String(months),
        monthsError: errors[0]?.message,
        choices: [...new Set([...CHOICES, months])].sort((a, b) => a - b).map((n) => ({ value: n, selected: n === months })),
        expectedIncome: total.recurringMonthly + total.oneTimeMonthly,
      },
      { title: 'staff-spending:runway.title', nav: 'runway', errors, status: errors.length ? 400 : 200 },
    );
  }
}
