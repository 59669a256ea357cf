import { Module } from '@nestjs/common';
import { AccessTokenService } from './access-token.js';

/** One-purpose links for people without accounts (applicants, grantees). */
@Module({
  providers: [AccessTokenService],
  exports: [AccessTokenService],
})
export class AccessTokenModule {}
