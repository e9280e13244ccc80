import { ALL_JOBS, JobName, JOBS, QueueName } from '@duban/queue';

/** What a processor declares: its queue and the job names it handles. */
export interface JobHandlerSet {
  readonly queue: QueueName;
  readonly handles: readonly JobName[];
}

/**
 * The worker refuses to start unless every job name has exactly one handler, on the
 * queue the registry routes it to. Returns the problems found (empty when sound).
 */
export function checkJobHandlers(sets: readonly JobHandlerSet[]): string[] {
  const problems: string[] = [];
  const owners = new Map<JobName, JobHandlerSet[]>();
  for (const set of sets) {
    for (const name of set.handles) {
      owners.set(name, [...(owners.get(name) ?? []), set]);
      if (JOBS[name].queue !== set.queue) problems.push(`job ${name} belongs on queue ${JOBS[name].queue}, but is handled on ${set.queue}`);
    }
  }
  for (const name of ALL_JOBS) {
    const count = owners.get(name)?.length ?? 0;
    if (count === 0) problems.push(`job ${name} has no handler`);
    if (count > 1) problems.push(`job ${name} has ${count} handlers`);
  }
  return problems;
}
