import type { Schemas } from '../../api/client';

export type StepState = 'done' | 'next' | 'coming';

/** Each step's state: done once the engine ran it; of those to come, the earliest is next. */
export function stepStates(steps: readonly Pick<Schemas['StepDto'], 'doneAt'>[]): StepState[] {
  const next = steps.findIndex((s) => s.doneAt === null);
  return steps.map((s, i) => (s.doneAt !== null ? 'done' : i === next ? 'next' : 'coming'));
}
