var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigService } from '@nestjs/config';
import { dataSourceOptions } from './data-source-options.js';
import { resolveDatabase } from './database-url.js';
import { TransactionService } from './transaction.service.js';
let DatabaseModule = class DatabaseModule {
};
DatabaseModule = __decorate([
    Global(),
    Module({
        imports: [
            TypeOrmModule.forRootAsync({
                inject: [ConfigService],
                useFactory: async (config) => {
                    const db = await resolveDatabase(config.get('DATABASE_URL', { infer: true }), config.get('DATA_DIR', { infer: true }), config.get('DATABASE_POOL_MAX', { infer: true }));
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
        providers: [TransactionService],
        exports: [TransactionService],
    })
], DatabaseModule);
export { DatabaseModule };
//# sourceMappingURL=database.module.js.map