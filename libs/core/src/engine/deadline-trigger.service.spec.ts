import { Logger } from '@nestjs/common';
import { FixedClock } from '@duban/domain';
import { JobName, type JobService } from '@duban/queue';
import type { OptionalJobs } from '../common/optional-jobs';
import { DeadlineTriggerService } from './deadline-trigger.service';

/*
 * DeadlineTriggerService over a mocked producer: one delayed sweep per distinct instant, with a
 * deterministic id; nothing without a producer (the CLI); a failure to enqueue is not the caller's.
 */
const NOW = new Date('2026-07-20T00:59:00Z');

function setup(withProducer = true) {
  const jobs = { enqueueBulk: jest.fn(async () => undefined) } as unknown as jest.Mocked<JobService>;
  const producer = { get: jest.fn(() => (withProducer ? jobs : null)) } as unknown as jest.Mocked<OptionalJobs>;
  return { trigger: new DeadlineTriggerService(producer, new FixedClock(NOW)), jobs, producer };
}

describe('DeadlineTriggerService', () => {
  it('enqueues one sweep per distinct instant, delayed until it, with an id of the instant (no ":")', async () => {
    const { trigger, jobs } = setup();
    const at = new Date('2026-07-20T01:00:00Z');
    await trigger.arm([at, null, new Date(at), undefined, new Date('2026-07-21T01:00:00Z')]);
    expect(jobs.enqueueBulk).toHaveBeenCalledTimes(1);
    expect(jobs.enqueueBulk).toHaveBeenCalledWith([
      { name: JobName.DeadlineSweep, data: { at: '2026-07-20T01:00:00.000Z' }, opts: { jobId: `sweep-${at.getTime()}`, delay: 60_000 } },
      { name: JobName.DeadlineSweep, data: { at: '2026-07-21T01:00:00.000Z' }, opts: { jobId: 'sweep-1784595600000', delay: 86_460_000 } },
    ]);
  });

  it('sweeps instants that have passed at once, as one sweep of now (the sweep of such an instant may be running and would swallow its id)', async () => {
    const { trigger, jobs } = setup();
    await trigger.arm([new Date('2026-07-19T01:00:00Z'), new Date('2026-07-20T00:58:59Z'), NOW]);
    expect(jobs.enqueueBulk).toHaveBeenCalledWith([{ name: JobName.DeadlineSweep, data: { at: NOW.toISOString() }, opts: { jobId: `sweep-${NOW.getTime()}`, delay: 0 } }]);
  });

  it('enqueues nothing when no instant is given', async () => {
    const { trigger, jobs } = setup();
    await trigger.arm([null, undefined]);
    expect(jobs.enqueueBulk).not.toHaveBeenCalled();
  });

  it('does nothing in a process without a producer (the reconciler catches up)', async () => {
    const { trigger, producer } = setup(false);
    await expect(trigger.arm([new Date('2026-07-20T01:00:00Z')])).resolves.toBeUndefined();
    expect(producer.get).toHaveBeenCalled();
  });

  it('swallows a failure to enqueue: Redis is only a trigger, the change already committed', async () => {
    const { trigger, jobs } = setup();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jobs.enqueueBulk.mockRejectedValue(new Error('Connection is closed.'));
    await expect(trigger.arm([new Date('2026-07-20T01:00:00Z')])).resolves.toBeUndefined();
    expect(jobs.enqueueBulk).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('could not arm 1 sweep(s); the reconciler will catch up: Connection is closed.');
    warn.mockRestore();
  });
});
