import { DynamicModule, InjectionToken, Module, ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HEALTH_CHECKS, HealthController, ProcessHealthCheck } from './health.controller';
import { RoundTripHealthIndicator } from './round-trip.health';

export interface ProcessHealthChecks {
  /** Modules that export what the checks inject. */
  imports?: ModuleMetadata['imports'];
  inject: InjectionToken[];
  useFactory: (health: RoundTripHealthIndicator, ...deps: never[]) => ProcessHealthCheck[];
}

/**
 * `/health` for a process: database always, plus the checks the process names
 * (Redis for all; the tick schedule for the scheduler; consumers for a worker).
 */
@Module({})
export class HealthModule {
  static forProcess(checks: ProcessHealthChecks): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'json' }), ...(checks.imports ?? [])],
      controllers: [HealthController],
      providers: [RoundTripHealthIndicator, { provide: HEALTH_CHECKS, inject: [RoundTripHealthIndicator, ...checks.inject], useFactory: checks.useFactory }],
    };
  }
}
