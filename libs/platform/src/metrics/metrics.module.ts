import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { Metrics } from './metrics';
import { METRICS_ACCESS, MetricsAccess, MetricsController } from './metrics.controller';

/** Prometheus metrics for a process: its registry (injectable everywhere as `Metrics`) and `/metrics`. */
@Global()
@Module({})
export class MetricsModule {
  /** `behindToken`: the api's /metrics answers only to DUBAN_METRICS_TOKEN; the others' are on their internal health ports. */
  static forProcess(processName: 'api' | 'scheduler' | 'worker' | 'cli', options: { behindToken: boolean }): DynamicModule {
    return {
      module: MetricsModule,
      controllers: processName === 'cli' ? [] : [MetricsController],
      providers: [
        { provide: Metrics, useFactory: () => new Metrics(processName) },
        {
          provide: METRICS_ACCESS,
          inject: [AppConfig],
          useFactory: (config: AppConfig): MetricsAccess => (options.behindToken ? { kind: 'token', token: config.metricsToken } : { kind: 'open' }),
        },
      ],
      exports: [Metrics],
    };
  }
}
