import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env.validation.js';
import { dataSourceOptions } from './data-source-options.js';
import { resolveDatabase } from './database-url.js';
import { JobRunsService } from './job-runs.service.js';
import { TransactionService } from './transaction.service.js';

/** Global like ConfigModule: every feature runs its SQL through TransactionService, and job claims live beside it. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: async (config: ConfigService<Env, true>) => {
        const db = await resolveDatabase(
          config.get('DATABASE_URL', { infer: true }),
          config.get('DATA_DIR', { infer: true }),
          config.get('DATABASE_POOL_MAX', { infer: true }),
        );
        return {
          ...dataSourceOptions(db),
          autoLoadEntities: true,
          migrationsRun: config.get('MIGRATIONS_RUN', { infer: true }) === 'true',
          retryAttempts: 3,
          retryDelay: 500,
        };
      },
    }),
  ],
  providers: [TransactionService, JobRunsService],
  exports: [TransactionService, JobRunsService],
})
export class DatabaseModule {}
