import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { ALL_QUEUES } from './job.types';
import { JobService } from './job.service';

/** The Redis connection BullMQ uses, and a producer for every queue. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        prefix: config.queue.prefix,
        connection: {
          host: config.redis.host,
          port: config.redis.port,
          username: config.redis.username,
          password: config.redis.password,
          db: config.redis.db,
          tls: config.redis.tls ? {} : undefined,
          // Required by BullMQ workers; keeps producers waiting through a Redis restart.
          maxRetriesPerRequest: null,
        },
      }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  providers: [JobService],
  exports: [JobService, BullModule],
})
export class QueueModule {}
