import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@duban/config';
import { runProcess } from '@duban/platform';
import { WorkerModule } from './worker.module';

void runProcess('worker', () => NestFactory.create(WorkerModule, { bufferLogs: true }), (config: AppConfig) => config.http.workerPort);
