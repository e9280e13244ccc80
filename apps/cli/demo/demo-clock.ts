import { Clock } from '@duban/domain';

/**
 * The seed's own clock while it makes the demo's history: it reads real time until the demo
 * sets it, then stands at each instant it is set to (so a report filed at 15:00 is filed at
 * 15:00, however long the seeding takes), and reads real time again once released. It lives
 * in this process only: the shared virtual clock (DUBAN_TIME_TRAVEL) and its row in
 * engine_state are left alone, so the api, scheduler and workers keep running on real time.
 */
export class DemoClock extends Clock {
  private standing: Date | null = null;

  now(): Date {
    return this.standing ? new Date(this.standing.getTime()) : new Date();
  }

  /** Stands at `at`; once standing, only forward. */
  set(at: Date): void {
    if (this.standing && at.getTime() < this.standing.getTime()) {
      throw new RangeError(`the demo's clock only moves forward; it is already ${this.standing.toISOString()}`);
    }
    this.standing = new Date(at.getTime());
  }

  /** Real time again. */
  release(): void {
    this.standing = null;
  }
}
