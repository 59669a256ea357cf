import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AllConfig } from '../config/config.js';
import { ChangeFeed } from './change-feed.service.js';
import { dataSourceOptions } from './data-source-options.js';
import { resolveDatabase } from './database-url.js';
import { JobRunsService } from './job-runs.service.js';
import { assertSchemaCurrent, runMigrationsLocked, SchemaBehindError } from './migrations-runner.js';
import { TransactionService } from './transaction.service.js';

/** Global like ConfigModule: every feature runs its SQL through TransactionService, and job claims live beside it. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: async (config: ConfigService<AllConfig, true>) => {
        const { url, dataDir, poolMax, migrationsRun } = config.getOrThrow('database', { infer: true });
        const db = await resolveDatabase(url, dataDir, poolMax);
        return {
          ...dataSourceOptions(db),
          autoLoadEntities: true,
          // Not left to TypeORM: dataSourceFactory runs them under a lock, or checks none is pending.
          migrationsRun,
          retryAttempts: 3,
          retryDelay: 500,
          // Retrying does not make an old schema new; say so once.
          toRetry: (error: unknown) => !(error instanceof SchemaBehindError),
        };
      },
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource({ ...options!, migrationsRun: false }).initialize();
        try {
          if (options!.migrationsRun) await runMigrationsLocked(dataSource);
          else await assertSchemaCurrent(dataSource);
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
  providers: [TransactionService, JobRunsService, ChangeFeed],
  exports: [TransactionService, JobRunsService, ChangeFeed],
})
export class DatabaseModule {}
