import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@duban/config';
import { AuditRepository } from './audit/audit.repository';
import { ChainsRepository } from './chains/chains.repository';
import { EvaluationsRepository } from './evaluations/evaluations.repository';
import { ImportsRepository } from './imports/imports.repository';
import { dataSourceOptions, ENTITIES } from './data-source';
import { UsersRepository } from './org/users.repository';
import { Transactions } from './transactions';

const REPOSITORIES = [Transactions, AuditRepository, UsersRepository, ChainsRepository, EvaluationsRepository, ImportsRepository];

/** The MySQL connection and every repository. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.database), retryAttempts: 3, retryDelay: 1000 }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: REPOSITORIES,
  exports: [TypeOrmModule, ...REPOSITORIES],
})
export class PersistenceModule {}
