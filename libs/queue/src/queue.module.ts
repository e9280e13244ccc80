import { BullModule } from '@nestjs/bullmq';
import { Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { ALL_QUEUES } from './job.types';
import { JobService } from './job.service';
import { createRedisClient, RedisClient } from './redis-client';

/**
 * The process's Redis connection for BullMQ. Every queue and worker shares it; BullMQ makes
 * its own duplicates for blocking reads (a worker's fetch, QueueEvents) and closes those.
 */
@Injectable()
export class QueueConnection implements OnApplicationShutdown {
  readonly client: RedisClient;

  constructor(config: AppConfig) {
    // Required by BullMQ workers; keeps producers waiting through a Redis restart or a failover.
    this.client = createRedisClient(config.redis, { maxRetriesPerRequest: null });
  }

  /*
   * BullMQ leaves a connection it was given open. Nest shuts global modules down last, in the
   * reverse of the order it found them: this module is found before the BullMQ modules it
   * imports, so every queue and worker has closed by the time this runs.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

/** The Redis connection BullMQ uses, and a producer for every queue. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig, QueueConnection],
      useFactory: (config: AppConfig, connection: QueueConnection) => ({ prefix: config.queue.prefix, connection: connection.client }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  providers: [QueueConnection, JobService],
  exports: [QueueConnection, JobService, BullModule],
})
export class QueueModule {}
