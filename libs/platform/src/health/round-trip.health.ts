import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

/** Runs a round trip against a dependency (Redis, a queue); down if it fails or is slow. */
@Injectable()
export class RoundTripHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async check(key: string, roundTrip: () => Promise<unknown>, timeoutMs = 1500) {
    const indicator = this.indicators.check(key);
    try {
      await Promise.race([
        roundTrip(),
        new Promise<never>((_, reject) => {
          setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref();
        }),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  /** A plain condition, e.g. "the worker is consuming". */
  condition(key: string, ok: boolean, message: string) {
    const indicator = this.indicators.check(key);
    return ok ? indicator.up() : indicator.down({ message });
  }
}
