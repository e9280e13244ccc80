import fc from 'fast-check';
import { decideRollUp, decideSplit, progressOf, rolledUpState, SplitRequest } from './subtasks';
import { decideTransition, OPEN_TASK_STATES, TASK_ACTIONS, TASK_STATES, TaskActor, TaskState } from './task-lifecycle';

const NOW = new Date('2026-07-10T02:00:00Z');
const DUE = new Date('2026-07-31T15:59:59Z');

function split(overrides: Partial<SplitRequest> = {}): SplitRequest {
  return {
    actors: new Set<TaskActor>(['ISSUER']),
    parent: { state: 'ASSIGNED', dueAt: DUE, parentId: null },
    ownerUnitIds: [20, 21, 22],
    existingOwnerUnitIds: [],
    dueAt: DUE,
    now: NOW,
    ...overrides,
  };
}

describe('decideSplit', () => {
  it('lets the issuer, a supervisor or an admin split an open, unsubmitted task', () => {
    for (const actor of ['ISSUER', 'SUPERVISOR', 'ADMIN'] as TaskActor[]) {
      for (const state of ['DRAFT', 'ASSIGNED', 'IN_PROGRESS'] as TaskState[]) {
        expect(decideSplit(split({ actors: new Set([actor]), parent: { state, dueAt: DUE, parentId: null } }))).toEqual({ ok: true });
      }
    }
  });

  it('refuses the owner (403) before anything else', () => {
    const outcome = decideSplit(split({ actors: new Set<TaskActor>(['OWNER']), ownerUnitIds: [] }));
    expect(outcome).toMatchObject({ ok: false, error: 'FORBIDDEN' });
  });

  it('splits one level only, and not a submitted or closed task (409)', () => {
    expect(decideSplit(split({ parent: { state: 'ASSIGNED', dueAt: DUE, parentId: 7 } }))).toMatchObject({
      ok: false,
      error: 'CONFLICT',
      message: expect.stringContaining('one level only'),
    });
    for (const state of ['SUBMITTED', 'DONE', 'CANCELLED'] as TaskState[]) {
      expect(decideSplit(split({ parent: { state, dueAt: DUE, parentId: null } }))).toMatchObject({ ok: false, error: 'CONFLICT' });
    }
  });

  it.each([
    ['no unit', { ownerUnitIds: [] }, 'ownerUnitIds'],
    ['a unit twice', { ownerUnitIds: [20, 21, 20] }, 'ownerUnitIds'],
    ['a unit that already has a sub-task', { existingOwnerUnitIds: [21] }, 'ownerUnitIds'],
    ['a due date after the parent', { dueAt: new Date(DUE.getTime() + 1) }, 'dueAt'],
    ['a due date passed', { dueAt: NOW }, 'dueAt'],
  ])('names the field for %s (400)', (_, overrides, field) => {
    expect(decideSplit(split(overrides as Partial<SplitRequest>))).toMatchObject({ ok: false, error: 'INVALID', field });
  });
});

describe('roll-up of a parent from its children', () => {
  it.each<[TaskState[], TaskState | null, number]>([
    [[], null, 0],
    [['DRAFT', 'DRAFT'], null, 0],
    [['ASSIGNED', 'DRAFT'], 'IN_PROGRESS', 0],
    [['DONE', 'IN_PROGRESS', 'ASSIGNED'], 'IN_PROGRESS', 1 / 3],
    [['DONE', 'SUBMITTED'], 'IN_PROGRESS', 1 / 2],
    [['DONE', 'DONE', 'DONE'], 'DONE', 1],
    [['DONE', 'CANCELLED'], 'DONE', 1],
    [['CANCELLED', 'CANCELLED'], 'CANCELLED', 0],
  ])('%j → %s, progress %d', (children, state, progress) => {
    expect(rolledUpState(children)).toBe(state);
    expect(progressOf(children)).toBeCloseTo(progress);
  });

  it('moves an open parent, records why it closed, and never reopens a closed one', () => {
    expect(decideRollUp('ASSIGNED', ['ASSIGNED', 'ASSIGNED'])).toEqual({ from: 'ASSIGNED', to: 'IN_PROGRESS', comment: null });
    expect(decideRollUp('IN_PROGRESS', ['DONE', 'DONE'])).toEqual({ from: 'IN_PROGRESS', to: 'DONE', comment: '子任务均已办结' });
    expect(decideRollUp('IN_PROGRESS', ['CANCELLED'])).toEqual({ from: 'IN_PROGRESS', to: 'CANCELLED', comment: '子任务均已撤销' });
    expect(decideRollUp('IN_PROGRESS', ['DONE', 'IN_PROGRESS'])).toBeNull();
    expect(decideRollUp('DONE', ['IN_PROGRESS'])).toBeNull();
    expect(decideRollUp('CANCELLED', ['DONE'])).toBeNull();
  });

  it('property: the parent is DONE exactly when every child is closed and one is done, and progress is 1 then', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TASK_STATES), { minLength: 1, maxLength: 8 }), (children) => {
        const state = rolledUpState(children);
        const allClosed = children.every((s) => !OPEN_TASK_STATES.includes(s));
        expect(state === 'DONE').toBe(allClosed && children.includes('DONE'));
        if (state === 'DONE') expect(progressOf(children)).toBe(1);
        if (children.some((s) => OPEN_TASK_STATES.includes(s) && s !== 'DRAFT')) expect(state).toBe('IN_PROGRESS');
        expect(progressOf(children)).toBeGreaterThanOrEqual(0);
        expect(progressOf(children)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('a split task is a container', () => {
  it.each(TASK_ACTIONS.filter((a) => a !== 'cancel'))('refuses %s (409): its state follows its sub-tasks', (action) => {
    const outcome = decideTransition(
      { state: 'IN_PROGRESS', split: true, dueAt: DUE, issuerUnitId: 10, ownerUnitId: 20, extension: null },
      {
        action,
        actors: new Set<TaskActor>(['ISSUER', 'OWNER', 'SUPERVISOR', 'ADMIN']),
        ofOwnerUnit: false,
        now: NOW,
        comment: '理由',
        dueAt: new Date(DUE.getTime() + 86_400_000),
      },
    );
    expect(outcome).toMatchObject({ ok: false, error: 'CONFLICT', message: expect.stringContaining('split into sub-tasks') });
  });

  it('can still be cancelled by its issuer', () => {
    const outcome = decideTransition(
      { state: 'IN_PROGRESS', split: true, dueAt: DUE, issuerUnitId: 10, ownerUnitId: 20, extension: null },
      { action: 'cancel', actors: new Set<TaskActor>(['ISSUER']), ofOwnerUnit: false, now: NOW, comment: '任务取消' },
    );
    expect(outcome).toMatchObject({ ok: true, to: 'CANCELLED' });
  });
});
