import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@duban/config';
import { runProcess } from '@duban/platform';
import { SchedulerModule } from './scheduler.module';

void runProcess('scheduler', () => NestFactory.create(SchedulerModule, { bufferLogs: true }), (config: AppConfig) => config.http.schedulerPort);
