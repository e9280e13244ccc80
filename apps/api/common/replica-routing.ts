import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, concatMap, from, map, Observable, switchMap, throwError } from 'rxjs';
import { AppConfig } from '@duban/config';
import type { AuthUser } from '@duban/core';
import { allowReplicaReads } from '@duban/persistence';
import { createRedisClient, RedisClient } from '@duban/queue';

/**
 * Who changed something lately, shared by every api process through Redis (a key per user that
 * expires after DATABASE_REPLICA_STICKY_MS), so that a user's next reads, on whichever process,
 * stay on the primary until every replica in use holds their change. No Redis connection is made
 * when no replica is configured.
 */
@Injectable()
export class RecentWriters implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RecentWriters.name);
  private readonly redis: RedisClient | null = null;

  constructor(private readonly config: AppConfig) {
    if (config.replicas.urls.length === 0) return;
    // No offline queue: while Redis is away, calls fail at once and reads stay on the primary.
    this.redis = createRedisClient(config.redis, { enableOfflineQueue: false, lazyConnect: true, maxRetriesPerRequest: 1 });
    this.redis.on('error', (error) => this.logger.debug(`redis: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.redis?.connect().catch(() => undefined);
  }

  /** Notes that the user has just changed something (or tried to). */
  async wrote(userId: number): Promise<void> {
    try {
      await this.redis?.set(this.key(userId), '1', 'PX', this.config.replicas.stickyMs);
    } catch (error) {
      this.logger.warn(`could not note a write of user ${userId}: ${(error as Error).message}`);
    }
  }

  /** Whether the user changed something within the window; yes when Redis cannot tell. */
  async wroteLately(userId: number): Promise<boolean> {
    try {
      return (await this.redis?.exists(this.key(userId))) !== 0;
    } catch {
      return true;
    }
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  private key(userId: number): string {
    return `${this.config.queue.prefix}:wrote:${userId}`;
  }
}

/**
 * Installed by the api when DATABASE_REPLICA_URLS names replicas. Lets a GET or HEAD of a
 * signed-in user who changed nothing lately read lists and reports from a replica (ReplicaReads
 * decides which, if any); any other request reads on the primary, and a request that may change
 * something notes its user as a writer before its answer leaves.
 */
@Injectable()
export class ReplicaRoutingInterceptor implements NestInterceptor {
  constructor(private readonly writers: RecentWriters) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const userId = request.user?.id;
    if (userId === undefined) return next.handle();
    if (request.method === 'GET' || request.method === 'HEAD') {
      // next.handle() binds the handler to the context it is called in: inside allowReplicaReads.
      return from(this.writers.wroteLately(userId)).pipe(switchMap((wrote) => (wrote ? next.handle() : allowReplicaReads(() => next.handle()))));
    }
    const noted = () => from(this.writers.wrote(userId));
    return next.handle().pipe(
      concatMap((value) => noted().pipe(map(() => value))),
      catchError((error: unknown) => noted().pipe(concatMap(() => throwError(() => error)))),
    );
  }
}
