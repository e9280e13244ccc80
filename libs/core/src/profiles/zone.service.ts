import { Injectable } from '@nestjs/common';
import { ProfilesRepository } from '@duban/persistence';
import { DEFAULT_ZONE } from './default-zone';

/** Another process's profile load reaches this one within this time. */
const CACHE_MS = 30_000;

/**
 * The zone this deployment judges time in: the zone of its mechanism's profile (the first one
 * loaded, which is the mechanism's own; the profiles shipped all use Asia/Shanghai), or
 * Asia/Shanghai before any profile is loaded. Local dates, months, periods and the wall times in
 * notifications are read in it.
 */
@Injectable()
export class ZoneService {
  private cached: { zone: string; at: number } | null = null;

  constructor(private readonly profiles: ProfilesRepository) {}

  async zone(): Promise<string> {
    if (this.cached && performance.now() - this.cached.at < CACHE_MS) return this.cached.zone;
    this.cached = { zone: (await this.profiles.primaryZone()) ?? DEFAULT_ZONE, at: performance.now() };
    return this.cached.zone;
  }

  /** Forgets the cached zone (after this process loaded a profile). */
  forget(): void {
    this.cached = null;
  }
}
