import { USER_ROLES, UserRole } from '../org/org.types';
import { decideTransition, isOfOwnerUnit, TASK_ACTIONS, TASK_STATES, TaskAction, taskActorsOf, TaskSnapshot, TaskState } from './task-lifecycle';

/*
 * DESIGN.md's lifecycle table, restated independently of the implementation:
 * for each action, the states it starts from and who may take it.
 */
const EXPECTED: Record<TaskAction, { from: TaskState[]; who: Array<'issuer' | 'owner' | 'supervisor' | 'admin'>; to: TaskState | 'same' }> = {
  assign: { from: ['DRAFT'], who: ['issuer', 'supervisor', 'admin'], to: 'ASSIGNED' },
  accept: { from: ['ASSIGNED'], who: ['owner'], to: 'IN_PROGRESS' },
  submit: { from: ['IN_PROGRESS'], who: ['owner'], to: 'SUBMITTED' },
  return: { from: ['SUBMITTED'], who: ['issuer', 'supervisor'], to: 'IN_PROGRESS' },
  complete: { from: ['SUBMITTED'], who: ['issuer', 'supervisor'], to: 'DONE' },
  cancel: { from: ['DRAFT', 'ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'], who: ['issuer', 'supervisor', 'admin'], to: 'CANCELLED' },
  request_extension: { from: ['ASSIGNED', 'IN_PROGRESS'], who: ['owner'], to: 'same' },
  approve_extension: { from: ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'], who: ['issuer', 'supervisor'], to: 'same' },
  reject_extension: { from: ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'], who: ['issuer', 'supervisor'], to: 'same' },
  decline: { from: ['ASSIGNED'], who: ['owner'], to: 'DRAFT' },
};

/** Separation of duties (DESIGN.md, wave 2): nobody completes, returns or grants more time on work their own unit owns. */
const NOT_FOR_THE_OWNER_UNIT: TaskAction[] = ['complete', 'return', 'approve_extension'];

const ISSUER_UNIT = 10;
const OWNER_UNIT = 20;
const OTHER_UNIT = 30;
const NOW = new Date('2026-07-10T02:00:00Z');
const DUE = new Date('2026-07-20T15:59:59Z');
const LATER = new Date('2026-07-31T15:59:59Z');

/** Every kind of caller: each role, in the issuer unit, the owner unit, or elsewhere. */
const CALLERS: Array<{ label: string; roles: UserRole[]; unitId: number | null; is: Set<string> }> = USER_ROLES.flatMap((role) =>
  [ISSUER_UNIT, OWNER_UNIT, OTHER_UNIT].map((unitId) => {
    const is = new Set<string>();
    if (role === 'ADMIN') is.add('admin');
    if (role === 'SUPERVISOR') is.add('supervisor');
    if (role === 'LEAD_UNIT' && unitId === ISSUER_UNIT) is.add('issuer');
    if ((role === 'LEAD_UNIT' || role === 'UNIT_LIAISON') && unitId === OWNER_UNIT) is.add('owner');
    return { label: `${role}@${unitId}`, roles: [role], unitId, is };
  }),
);

function task(state: TaskState, pending: boolean): TaskSnapshot {
  return { state, dueAt: DUE, issuerUnitId: ISSUER_UNIT, ownerUnitId: OWNER_UNIT, extension: pending ? { dueAt: LATER } : null };
}

/** A complete request for the action, so only role and state decide. */
function completeRequest(action: TaskAction) {
  return { comment: '理由：配套资金未到位', dueAt: action === 'request_extension' ? LATER : undefined };
}

describe('task lifecycle: every state × action × role × pending extension', () => {
  const cases = TASK_STATES.flatMap((state) => TASK_ACTIONS.flatMap((action) => CALLERS.flatMap((caller) => [false, true].map((pending) => ({ state, action, caller, pending })))));

  it('covers the whole space', () => {
    expect(cases).toHaveLength(6 * 10 * 15 * 2);
  });

  it.each(cases.map((c) => [`${c.action} from ${c.state} by ${c.caller.label}${c.pending ? ' (extension pending)' : ''}`, c]))('%s', (_, c) => {
    const { state, action, caller, pending } = c as (typeof cases)[number];
    const rule = EXPECTED[action];
    const outcome = decideTransition(task(state, pending), {
      action,
      actors: taskActorsOf(caller, { issuerUnitId: ISSUER_UNIT, ownerUnitId: OWNER_UNIT }),
      ofOwnerUnit: isOfOwnerUnit(caller, { ownerUnitId: OWNER_UNIT }),
      now: NOW,
      ...completeRequest(action),
    });

    const permitted = rule.who.some((w) => caller.is.has(w)) && !(NOT_FOR_THE_OWNER_UNIT.includes(action) && caller.unitId === OWNER_UNIT);
    if (!permitted) {
      expect(outcome).toMatchObject({ ok: false, error: 'FORBIDDEN' });
      return;
    }
    const extensionBlocks = (action === 'request_extension' && pending) || ((action === 'approve_extension' || action === 'reject_extension') && !pending);
    if (!rule.from.includes(state) || extensionBlocks) {
      expect(outcome).toMatchObject({ ok: false, error: 'CONFLICT' });
      return;
    }
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.from).toBe(state);
    expect(outcome.to).toBe(rule.to === 'same' ? state : rule.to);
  });
});

describe('task lifecycle: what each transition carries', () => {
  const owner = taskActorsOf({ roles: ['UNIT_LIAISON'], unitId: OWNER_UNIT }, { issuerUnitId: ISSUER_UNIT, ownerUnitId: OWNER_UNIT });
  const issuer = taskActorsOf({ roles: ['LEAD_UNIT'], unitId: ISSUER_UNIT }, { issuerUnitId: ISSUER_UNIT, ownerUnitId: OWNER_UNIT });
  const base = { ofOwnerUnit: false };

  it.each(['return', 'cancel', 'request_extension'] as const)('%s needs a reason', (action) => {
    const actors = action === 'request_extension' ? owner : issuer;
    const state = action === 'return' ? 'SUBMITTED' : 'IN_PROGRESS';
    for (const comment of [undefined, '', '   ']) {
      const outcome = decideTransition(task(state, false), { ...base, action, actors, now: NOW, comment, dueAt: LATER });
      expect(outcome).toMatchObject({ ok: false, error: 'INVALID', field: 'comment' });
    }
  });

  it('an extension is asked before the due date, for a later date', () => {
    const request = { ...base, action: 'request_extension' as const, actors: owner, comment: '设备到货延迟' };
    expect(decideTransition(task('IN_PROGRESS', false), { ...request, now: NOW })).toMatchObject({ error: 'INVALID', field: 'dueAt' });
    expect(decideTransition(task('IN_PROGRESS', false), { ...request, now: NOW, dueAt: DUE })).toMatchObject({ error: 'INVALID', field: 'dueAt' });
    expect(decideTransition(task('IN_PROGRESS', false), { ...request, now: DUE, dueAt: LATER })).toMatchObject({ error: 'CONFLICT' });
    expect(decideTransition(task('IN_PROGRESS', false), { ...request, now: NOW, dueAt: LATER })).toEqual({
      ok: true,
      from: 'IN_PROGRESS',
      to: 'IN_PROGRESS',
      dueAt: DUE,
      extension: { dueAt: LATER },
    });
  });

  it('approval moves the due date; rejection keeps it; both clear the request', () => {
    expect(decideTransition(task('IN_PROGRESS', true), { ...base, action: 'approve_extension', actors: issuer, now: NOW })).toMatchObject({
      ok: true,
      dueAt: LATER,
      extension: null,
    });
    expect(decideTransition(task('IN_PROGRESS', true), { ...base, action: 'reject_extension', actors: issuer, now: NOW })).toMatchObject({
      ok: true,
      dueAt: DUE,
      extension: null,
    });
  });

  it('a pending request survives ordinary steps and is settled by completion or cancellation', () => {
    expect(decideTransition(task('IN_PROGRESS', true), { ...base, action: 'submit', actors: owner, now: NOW })).toMatchObject({
      to: 'SUBMITTED',
      extension: { dueAt: LATER },
    });
    expect(decideTransition(task('SUBMITTED', true), { ...base, action: 'complete', actors: issuer, now: NOW })).toMatchObject({ to: 'DONE', extension: null });
    expect(decideTransition(task('ASSIGNED', true), { ...base, action: 'cancel', actors: issuer, now: NOW, comment: '任务调整' })).toMatchObject({
      to: 'CANCELLED',
      extension: null,
    });
  });

  it('declining sends an assignment back to DRAFT with a reason, settling a pending extension', () => {
    expect(decideTransition(task('ASSIGNED', true), { ...base, action: 'decline', actors: owner, now: NOW })).toMatchObject({ error: 'INVALID', field: 'comment' });
    expect(decideTransition(task('ASSIGNED', true), { ...base, action: 'decline', actors: owner, now: NOW, comment: '不属于本单位职责' })).toEqual({
      ok: true,
      from: 'ASSIGNED',
      to: 'DRAFT',
      dueAt: DUE,
      extension: null,
    });
    expect(decideTransition(task('IN_PROGRESS', false), { ...base, action: 'decline', actors: owner, now: NOW, comment: '已签收' })).toMatchObject({ error: 'CONFLICT' });
  });

  it('where the issuing unit owns the task, its staff cannot decide on it, and a supervisor can', () => {
    const self = { state: 'SUBMITTED' as const, dueAt: DUE, issuerUnitId: OWNER_UNIT, ownerUnitId: OWNER_UNIT, extension: null };
    const lead = { roles: ['LEAD_UNIT' as const], unitId: OWNER_UNIT };
    const supervisor = { roles: ['SUPERVISOR' as const], unitId: OTHER_UNIT };
    for (const action of ['complete', 'return'] as const) {
      const asLead = decideTransition(self, { action, actors: taskActorsOf(lead, self), ofOwnerUnit: isOfOwnerUnit(lead, self), now: NOW, comment: '理由' });
      expect(asLead).toMatchObject({ ok: false, error: 'FORBIDDEN' });
      if (!asLead.ok) expect(asLead.message).toContain('separation of duties');
      const asSupervisor = decideTransition(self, { action, actors: taskActorsOf(supervisor, self), ofOwnerUnit: isOfOwnerUnit(supervisor, self), now: NOW, comment: '理由' });
      expect(asSupervisor.ok).toBe(true);
    }
  });

  it('a caller may stand in several ways at once', () => {
    const both = taskActorsOf({ roles: ['LEAD_UNIT'], unitId: 5 }, { issuerUnitId: 5, ownerUnitId: 5 });
    expect([...both].sort()).toEqual(['ISSUER', 'OWNER']);
    expect(taskActorsOf({ roles: ['CHAIN_LEADER'], unitId: 5 }, { issuerUnitId: 5, ownerUnitId: 5 }).size).toBe(0);
    expect(taskActorsOf({ roles: ['UNIT_LIAISON'], unitId: null }, { issuerUnitId: 5, ownerUnitId: 5 }).size).toBe(0);
  });
});
