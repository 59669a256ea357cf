import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SignInRequired } from '../auth/staff-session.js';
import { toErrorBody } from '../common/errors/http-exception.filter.js';
import { PageExceptionFilter } from '../pages/page-exception.filter.js';
import { StaffRenderService } from './staff-render.service.js';

/**
 * Staff pages: no session → 303 to the sign-in page (remembering where to return); a refused
 * role or a missing CSRF token → a 403 page saying which; anything else as on the public pages.
 */
@Injectable()
@Catch()
export class StaffPageExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly pages: PageExceptionFilter,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof SignInRequired) {
      return this.staff.redirect(reply, `/login?next=${encodeURIComponent(exception.next)}`);
    }
    const error = toErrorBody(exception);
    if (error.statusCode === 403) {
      const kind = error.code === 'auth_bad_csrf' ? 'csrf' : 'forbidden';
      return this.staff.render(request, reply, 'staff/error', { kind }, { title: `staff:errors.${kind}.title`, status: 403 });
    }
    return this.pages.catch(exception, host);
  }
}
