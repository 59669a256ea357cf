import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorBody } from '../common/errors/http-exception.filter.js';
import { PageRenderService } from './page-render.service.js';

const PAGE_FOR_STATUS: Record<number, string> = { 400: 'invalid', 404: 'notFound', 409: 'conflict', 413: 'tooLarge', 503: 'unavailable' };

/**
 * Failures on a page answer a page, not JSON: the same status the API would give (a bad token
 * is a 404, bad input a 400), with a plain explanation in the visitor's language and no detail
 * that could help a guesser.
 */
@Injectable()
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly pages: PageRenderService) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { statusCode } = toErrorBody(exception);
    if (statusCode >= 500 && statusCode !== 503) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (statusCode === 429) void reply.header('retry-after', '60');
    const kind = PAGE_FOR_STATUS[statusCode] ?? (statusCode < 500 ? 'invalid' : 'server');
    try {
      await this.pages.render(request, reply, 'error', { kind, statusCode }, { title: `errors.${kind}.title`, status: statusCode, privateLink: true });
    } catch (error) {
      this.logger.error(error instanceof Error ? error.stack : String(error));
      if (!reply.sent) void reply.status(statusCode).type('text/plain; charset=utf-8').send(String(statusCode));
    }
  }
}
