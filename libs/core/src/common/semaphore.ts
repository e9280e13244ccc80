/** Thrown when more callers wait than the semaphore queues. */
export class SemaphoreFullError extends Error {}

/**
 * At most `limit` tasks run at once; up to `maxWaiting` more wait their turn in order, and any
 * beyond that are refused at once (a flood is shed instead of piling up memory).
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most tasks ever seen running at once (for health and tests). */
  peak = 0;

  constructor(
    private readonly limit: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.maxWaiting) throw new SemaphoreFullError(`${this.waiting.length} tasks are already waiting`);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
