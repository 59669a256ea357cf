import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { DonorPortalService } from './donor-portal.service.js';

/** The "manage your donation" link in receipts and recurring-donation emails. */
@ApiTags('donate')
@Controller('api/v1/donor')
export class DonorPortalController {
  constructor(private readonly portal: DonorPortalService) {}

  @Get('manage/:token')
  @Public()
  @RateLimited('public')
  @ApiOperation({ summary: "Open Stripe's customer portal for the donor this link belongs to (303)", operationId: 'openDonorPortal' })
  async manage(@Param('token') token: string, @Res() reply: FastifyReply) {
    const url = await this.portal.portalUrl(token);
    await reply.header('cache-control', 'no-store').redirect(url, 303);
  }
}
