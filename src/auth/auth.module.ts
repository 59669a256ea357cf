import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { Env } from '../config/env.validation.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { jwtSecret } from './jwt-secret.js';
import { StaffSessionCache } from './staff-session-cache.js';
import { StaffSessionService } from './staff-session.service.js';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        // A KeyObject, not a string: jsonwebtoken otherwise tries (and fails) to parse a string
        // secret as a public key on every verify, measured at ~13 % of CPU on the read benchmark.
        secret: createSecretKey(Buffer.from(jwtSecret(config.get('JWT_SECRET', { infer: true }), config.get('DATA_DIR', { infer: true })), 'utf8')),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, StaffSessionService, StaffSessionCache, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [JwtModule, AuthService, StaffSessionService],
})
export class AuthModule {}
