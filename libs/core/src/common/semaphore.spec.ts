import { Semaphore, SemaphoreFullError } from './semaphore';

describe('Semaphore', () => {
  const tick = () => new Promise((r) => setImmediate(r));

  it('never runs more than its limit at once, and runs every task in the order it came', async () => {
    const semaphore = new Semaphore(2, 100);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const tasks = Array.from({ length: 20 }, (_, i) =>
      semaphore.run(async () => {
        running += 1;
        most = Math.max(most, running);
        order.push(i);
        await tick();
        running -= 1;
        return i;
      }),
    );
    expect(await Promise.all(tasks)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(2);
    expect(semaphore.peak).toBe(2);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('refuses callers beyond the waiting room, and frees slots when a task fails', async () => {
    const semaphore = new Semaphore(1, 1);
    let release!: () => void;
    const first = semaphore.run(() => new Promise<void>((r) => (release = r)));
    const second = semaphore.run(async () => {
      throw new Error('boom');
    });
    await expect(semaphore.run(async () => 'third')).rejects.toBeInstanceOf(SemaphoreFullError);
    release();
    await first;
    await expect(second).rejects.toThrow('boom');
    await expect(semaphore.run(async () => 'after')).resolves.toBe('after');
  });
});
