import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { AppConfig } from '@duban/config';
import { RetryLaterException } from '@duban/platform';
import { createRedisClient, RedisClient } from '@duban/queue';

/**
 * Sign-in throttling, shared by every api process through Redis: failures are counted per
 * username and per client address within a window; once either reaches its limit, sign-in
 * answers 429 with Retry-After — also for the right password — until the window passes. A
 * success clears its username's count (not its address's). If Redis is unreachable, each
 * process keeps counting in memory.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly redis: RedisClient;
  private readonly byUsername: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(private readonly config: AppConfig) {
    // No offline queue: while Redis is away, calls fail fast and the in-memory insurance counts.
    this.redis = createRedisClient(config.redis, { enableOfflineQueue: false, lazyConnect: true, maxRetriesPerRequest: 1 });
    this.redis.on('error', (error) => this.logger.debug(`redis: ${error.message}`));
    this.redis.connect().catch(() => undefined);
    const limiter = (name: string, points: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.queue.prefix}:login-failures:${name}`,
        points,
        duration: config.login.windowSeconds,
        insuranceLimiter: new RateLimiterMemory({ points, duration: config.login.windowSeconds }),
      });
    this.byUsername = limiter('username', config.login.maxFailuresPerUsername);
    this.byAddress = limiter('address', config.login.maxFailuresPerAddress);
  }

  /** 429 with Retry-After while the username or the address is locked out. */
  async assertAllowed(username: string, address: string | null): Promise<void> {
    const checks: [RateLimiterAbstract, string, number][] = [[this.byUsername, username, this.config.login.maxFailuresPerUsername]];
    if (address) checks.push([this.byAddress, address, this.config.login.maxFailuresPerAddress]);
    let waitMs = 0;
    for (const [limiter, key, max] of checks) {
      const res = await limiter.get(key);
      if (res && res.consumedPoints >= max) waitMs = Math.max(waitMs, res.msBeforeNext);
    }
    if (waitMs > 0) throw new RetryLaterException('too many failed sign-ins; try again later', Math.ceil(waitMs / 1000));
  }

  async failed(username: string, address: string | null): Promise<void> {
    await Promise.all([this.byUsername.penalty(username, 1), address ? this.byAddress.penalty(address, 1) : null]);
  }

  async succeeded(username: string): Promise<void> {
    await this.byUsername.delete(username);
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
