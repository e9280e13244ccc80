// First: traces (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must hook http, express and mysql2 before they load.
import '@duban/platform/tracing/register';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@duban/config';
import { runProcess } from '@duban/platform';
import { SchedulerModule } from './scheduler.module';

void runProcess(
  'scheduler',
  () => NestFactory.create(SchedulerModule, { bufferLogs: true }),
  (config: AppConfig) => config.http.schedulerPort,
);
