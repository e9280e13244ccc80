import fc from 'fast-check';
import {
  decideTransition,
  OWNER_UNIT_MAY_NOT,
  TASK_ACTIONS,
  TASK_STATES,
  TASK_TRANSITIONS,
  TaskAction,
  TaskActor,
  TaskSnapshot,
  TaskState,
  TransitionOutcome,
  TransitionRequest,
} from './task-lifecycle';

/*
 * Property-based tests of the task lifecycle: random actors take random actions with random
 * comments and dates, and the invariants of DESIGN.md's lifecycle table must hold after every step.
 */

const ACTORS: readonly TaskActor[] = ['ISSUER', 'OWNER', 'SUPERVISOR', 'ADMIN'];
const CLOSED: readonly TaskState[] = ['DONE', 'CANCELLED'];
const EXTENSION_SETTLERS: readonly TaskAction[] = ['approve_extension', 'reject_extension', 'complete', 'cancel', 'decline'];
const DUE = new Date('2026-07-20T15:59:59Z');
const WINDOW = { min: new Date('2026-06-01T00:00:00Z'), max: new Date('2026-10-31T23:59:59Z'), noInvalidDate: true };
/** When actions are taken: mostly before the (first) due date, so extension requests can succeed. */
const NOW_WINDOW = { min: new Date('2026-06-01T00:00:00Z'), max: new Date('2026-08-15T23:59:59Z'), noInvalidDate: true };

/** A date, or one given relative to the task's due date when the step is taken (to hit the boundaries). */
type When = Date | { readonly fromDueMs: number };

interface Step {
  readonly action: TaskAction;
  readonly actors: readonly TaskActor[];
  readonly ofOwnerUnit: boolean;
  readonly comment: string | undefined;
  readonly now: When;
  readonly dueAt: When | undefined;
}

const DAY = 86_400_000;
const nearDueArb: fc.Arbitrary<When> = fc.constantFrom(-DAY, -1, 0, 1, DAY).map((fromDueMs) => ({ fromDueMs }));
const resolve = (when: When, task: TaskSnapshot): Date => (when instanceof Date ? when : new Date(task.dueAt.getTime() + when.fromDueMs));

const stepArb: fc.Arbitrary<Step> = fc.record({
  // Cancelling is rarer, or most sequences would end early.
  action: fc.oneof({ arbitrary: fc.constantFrom(...TASK_ACTIONS.filter((a) => a !== 'cancel')), weight: 12 }, { arbitrary: fc.constant<TaskAction>('cancel'), weight: 1 }),
  actors: fc.subarray([...ACTORS]),
  // Now and then the caller belongs to the owning unit (separation of duties).
  ofOwnerUnit: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
  // Mostly a usable comment, sometimes a missing or blank one.
  comment: fc.oneof(
    { arbitrary: fc.constant('理由：按要求办理'), weight: 6 },
    { arbitrary: fc.constantFrom(undefined, '', '   ', '\n\t'), weight: 1 },
    { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
  ),
  now: fc.oneof({ arbitrary: fc.date(NOW_WINDOW), weight: 5 }, { arbitrary: nearDueArb, weight: 1 }),
  // Mostly a date, sometimes none; dates before and after the due date both occur.
  dueAt: fc.oneof({ arbitrary: fc.date(WINDOW), weight: 4 }, { arbitrary: nearDueArb, weight: 2 }, { arbitrary: fc.constant(undefined), weight: 1 }),
});

// size 'max': lengths up to maxLength (the default size keeps arrays around ten long).
const stepsArb = fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' });

function requestOf(step: Step, task: TaskSnapshot): TransitionRequest {
  return {
    action: step.action,
    actors: new Set(step.actors),
    ofOwnerUnit: step.ofOwnerUnit,
    now: resolve(step.now, task),
    ...(step.comment !== undefined ? { comment: step.comment } : {}),
    ...(step.dueAt !== undefined ? { dueAt: resolve(step.dueAt, task) } : {}),
  };
}

function apply(task: TaskSnapshot, outcome: TransitionOutcome): TaskSnapshot {
  return outcome.ok ? { ...task, state: outcome.to, dueAt: outcome.dueAt, extension: outcome.extension } : task;
}

/** Runs a sequence and returns every outcome, plus the final task. */
function run(start: TaskSnapshot, steps: readonly Step[]): { outcomes: TransitionOutcome[]; final: TaskSnapshot } {
  let task = start;
  const outcomes: TransitionOutcome[] = [];
  for (const step of steps) {
    const outcome = decideTransition(task, requestOf(step, task));
    outcomes.push(outcome);
    task = apply(task, outcome);
  }
  return { outcomes, final: task };
}

const fresh = (): TaskSnapshot => ({ state: 'DRAFT', dueAt: new Date(DUE), issuerUnitId: 10, ownerUnitId: 20, extension: null });

/** Any snapshot, including a pending extension in any state (reachable or not). */
const snapshotArb: fc.Arbitrary<TaskSnapshot> = fc
  .record({
    state: fc.constantFrom(...TASK_STATES),
    dueAt: fc.date(WINDOW),
    extensionDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
  })
  .map(({ state, dueAt, extensionDays }) => ({
    state,
    dueAt,
    issuerUnitId: 10,
    ownerUnitId: 20,
    extension: extensionDays === null ? null : { dueAt: new Date(dueAt.getTime() + extensionDays * 86_400_000) },
  }));

describe('task lifecycle properties (random action sequences)', () => {
  /**
   * The invariants along a random sequence from DRAFT; records which actions succeeded and which
   * states were reached, so a run can show that the generators exercise the whole table.
   */
  function sequenceProperty(succeeded: Set<TaskAction>, reached: Set<TaskState>) {
    return fc.property(stepsArb, (steps) => {
      let task = fresh();
      // An independent model of the pending extension: set by a successful request, cleared by a settling action.
      let modelPending: Date | null = null;
      for (const step of steps) {
        const before = task;
        const request = requestOf(step, before);
        const outcome = decideTransition(before, request);
        const rule = TASK_TRANSITIONS[step.action];
        const allowed = rule.actors.some((a) => step.actors.includes(a)) && !(step.ofOwnerUnit && OWNER_UNIT_MAY_NOT.includes(step.action));

        // Closed tasks are absorbing.
        if (CLOSED.includes(before.state)) expect(outcome.ok).toBe(false);
        // The checks come in order: who (403), when (409), what (400).
        if (!allowed) expect(outcome).toMatchObject({ ok: false, error: 'FORBIDDEN' });
        else if (!rule.from.includes(before.state)) expect(outcome).toMatchObject({ ok: false, error: 'CONFLICT' });

        if (outcome.ok) {
          succeeded.add(step.action);
          expect(allowed).toBe(true);
          expect(outcome.from).toBe(before.state);
          expect(rule.from).toContain(outcome.from);
          expect(outcome.to).toBe(rule.to ?? before.state);
          if (rule.commentRequired) expect(step.comment?.trim()).toBeTruthy();

          // Due dates only ever move by an approved extension, to the requested date, never earlier.
          expect(outcome.dueAt.getTime()).toBeGreaterThanOrEqual(before.dueAt.getTime());
          if (step.action === 'approve_extension') {
            expect(modelPending).not.toBeNull();
            expect(outcome.dueAt.getTime()).toBe(modelPending!.getTime());
            expect(outcome.dueAt.getTime()).toBeGreaterThan(before.dueAt.getTime());
          } else {
            expect(outcome.dueAt.getTime()).toBe(before.dueAt.getTime());
          }
          if (step.action === 'request_extension') {
            expect(before.extension).toBeNull();
            expect(request.now.getTime()).toBeLessThan(before.dueAt.getTime());
            expect(request.dueAt!.getTime()).toBeGreaterThan(before.dueAt.getTime());
            modelPending = request.dueAt!;
          }
          if (EXTENSION_SETTLERS.includes(step.action)) modelPending = null;
        } else if (step.action === 'approve_extension' || step.action === 'reject_extension') {
          // Deciding is impossible without a pending request.
          if (allowed && rule.from.includes(before.state) && before.extension === null) expect(outcome).toMatchObject({ error: 'CONFLICT' });
        }

        task = apply(before, outcome);
        reached.add(task.state);
        expect(TASK_STATES).toContain(task.state);
        // The pending extension is exactly what the model says.
        expect(task.extension?.dueAt.getTime() ?? null).toBe(modelPending?.getTime() ?? null);
        if (CLOSED.includes(task.state)) expect(task.extension).toBeNull();
      }
    });
  }

  it('keeps every invariant of the lifecycle table along any sequence from DRAFT', () => {
    // A new seed on every run, so the sequences keep exploring.
    fc.assert(sequenceProperty(new Set(), new Set()), { numRuns: 600 });
  });

  it('exercises every action and reaches every state (a fixed seed, so coverage cannot flake)', () => {
    const succeeded = new Set<TaskAction>();
    const reached = new Set<TaskState>();
    fc.assert(sequenceProperty(succeeded, reached), { numRuns: 600, seed: 20260720 });
    expect([...succeeded].sort()).toEqual([...TASK_ACTIONS].sort());
    expect([...reached].sort()).toEqual([...TASK_STATES].sort());
  });

  it('matches the table for any single request on any snapshot; DONE and CANCELLED refuse everything', () => {
    fc.assert(
      fc.property(snapshotArb, stepArb, (task, step) => {
        const request = requestOf(step, task);
        const outcome = decideTransition(task, request);
        if (CLOSED.includes(task.state)) expect(outcome.ok).toBe(false);
        if (!outcome.ok) return;
        if (step.action === 'request_extension') {
          // Only before the due date, only for a later date, only one at a time.
          expect(task.extension).toBeNull();
          expect(request.now.getTime()).toBeLessThan(task.dueAt.getTime());
          expect(request.dueAt!.getTime()).toBeGreaterThan(task.dueAt.getTime());
          expect(outcome.extension).toEqual({ dueAt: request.dueAt });
        }
        const rule = TASK_TRANSITIONS[step.action];
        expect(rule.actors.some((a) => step.actors.includes(a))).toBe(true);
        // Nobody decides on their own unit's work.
        if (OWNER_UNIT_MAY_NOT.includes(step.action)) expect(step.ofOwnerUnit).toBe(false);
        expect(rule.from).toContain(task.state);
        expect(outcome.to).toBe(rule.to ?? task.state);
        expect(TASK_STATES).toContain(outcome.to);
        expect(outcome.dueAt.getTime()).toBeGreaterThanOrEqual(task.dueAt.getTime());
        if (step.action === 'approve_extension') expect(outcome.dueAt).toEqual(task.extension!.dueAt);
        if (step.action === 'reject_extension' || step.action === 'complete' || step.action === 'cancel' || step.action === 'decline') expect(outcome.extension).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  it('no action at all succeeds from DONE or CANCELLED, whoever asks', () => {
    fc.assert(
      fc.property(snapshotArb, fc.constantFrom(...CLOSED), stepArb, (task, state, step) => {
        const outcome = decideTransition({ ...task, state }, { ...requestOf(step, task), actors: new Set(ACTORS) });
        expect(outcome.ok).toBe(false);
      }),
      { numRuns: 600 },
    );
  });

  it('is pure: a replayed sequence gives the same outcomes, and inputs are left untouched', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const start = fresh();
        const first = run(start, steps);
        const second = run(fresh(), steps);
        expect(second).toEqual(first);
        expect(start).toEqual(fresh());
        // Re-deciding any intermediate step again gives the same answer.
        let task = fresh();
        for (const step of steps) {
          const a = decideTransition(task, requestOf(step, task));
          const b = decideTransition(task, requestOf(step, task));
          expect(b).toEqual(a);
          task = apply(task, a);
        }
      }),
      { numRuns: 300 },
    );
  });
});
