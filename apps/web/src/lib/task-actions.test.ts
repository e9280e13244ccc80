import { describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { availableActions, maySplit } from './task-actions';

const NOW = Date.parse('2026-07-10T00:00:00Z');
const task = (patch: Partial<Schemas['TaskListItemDto']> = {}): Schemas['TaskListItemDto'] => ({
  id: 1,
  parentId: null,
  title: '推进项目签约',
  state: 'ASSIGNED',
  timeliness: 'ON_TRACK',
  escalationLevel: 0,
  dueAt: '2026-07-20T10:00:00.000Z',
  version: 2,
  issuerUnitId: 10,
  ownerUnitId: 20,
  coUnitIds: [],
  chainId: null,
  policyId: null,
  priority: 'NORMAL',
  source: null,
  extension: null,
  completedAt: null,
  createdAt: '2026-07-01T00:00:00.000Z',
  updatedAt: '2026-07-01T00:00:00.000Z',
  ...patch,
});
const liaison = { roles: ['UNIT_LIAISON' as const], unitId: 20 };
const issuer = { roles: ['LEAD_UNIT' as const], unitId: 10 };
const stranger = { roles: ['UNIT_LIAISON' as const], unitId: 30 };

describe('task actions offered to a user', () => {
  it('lets the owner accept or decline an assigned task, or ask for more time before it is due', () => {
    expect(availableActions(task(), liaison, NOW)).toEqual(['accept', 'request_extension', 'decline']);
    expect(availableActions(task({ dueAt: '2026-07-09T00:00:00.000Z' }), liaison, NOW)).toEqual(['accept', 'decline']);
  });

  it('lets the owner submit work in progress, once per pending extension request', () => {
    expect(availableActions(task({ state: 'IN_PROGRESS' }), liaison, NOW)).toEqual(['submit', 'request_extension']);
    const pending = { dueAt: '2026-07-30T10:00:00.000Z', reason: '等待审批', requestedAt: null, requestedBy: null };
    expect(availableActions(task({ state: 'IN_PROGRESS', extension: pending }), liaison, NOW)).toEqual(['submit']);
  });

  it('lets the issuer assign a draft, review a submission and decide an extension', () => {
    expect(availableActions(task({ state: 'DRAFT' }), issuer, NOW)).toEqual(['assign', 'cancel']);
    expect(availableActions(task({ state: 'SUBMITTED' }), issuer, NOW)).toEqual(['return', 'complete', 'cancel']);
    const pending = { dueAt: '2026-07-30T10:00:00.000Z', reason: '等待审批', requestedAt: null, requestedBy: null };
    expect(availableActions(task({ state: 'IN_PROGRESS', extension: pending }), issuer, NOW)).toEqual(['cancel', 'approve_extension', 'reject_extension']);
  });

  it('offers nothing on finished work, nor to a unit that neither issues nor owns the task', () => {
    expect(availableActions(task({ state: 'DONE' }), issuer, NOW)).toEqual([]);
    expect(availableActions(task(), stranger, NOW)).toEqual([]);
  });

  it('lets a supervisor review and cancel but never act as the owner', () => {
    expect(availableActions(task({ state: 'SUBMITTED' }), { roles: ['SUPERVISOR'], unitId: null }, NOW)).toEqual(['return', 'complete', 'cancel']);
    expect(availableActions(task(), { roles: ['SUPERVISOR'], unitId: null }, NOW)).toEqual(['cancel']);
  });
});

describe('a task split into sub-tasks (任务分解)', () => {
  const detail = (patch: Partial<Schemas['TaskDto']> = {}): Schemas['TaskDto'] => ({ ...task(), description: null, steps: [], files: [], children: [], progress: null, ...patch });
  const child: Schemas['SubtaskDto'] = { id: 2, ownerUnitId: 21, state: 'ASSIGNED', timeliness: 'ON_TRACK', escalationLevel: 0, dueAt: '2026-07-20T10:00:00.000Z', progress: 0 };

  it('offers only cancel on a parent, whose state follows its sub-tasks', () => {
    const parent = detail({ state: 'IN_PROGRESS', children: [child], progress: 0 });
    expect(availableActions(parent, issuer, NOW)).toEqual(['cancel']);
    expect(availableActions(parent, liaison, NOW)).toEqual([]);
    expect(availableActions(detail({ state: 'IN_PROGRESS' }), liaison, NOW)).toEqual(['submit', 'request_extension']);
  });

  it('lets the issuer split an open task, not the owner, and never a sub-task or a submitted one', () => {
    expect(maySplit(detail(), issuer)).toBe(true);
    expect(maySplit(detail({ state: 'DRAFT' }), { roles: ['SUPERVISOR'], unitId: 50 })).toBe(true);
    expect(maySplit(detail(), liaison)).toBe(false);
    expect(maySplit(detail({ parentId: 9 }), issuer)).toBe(false);
    expect(maySplit(detail({ state: 'SUBMITTED' }), issuer)).toBe(false);
  });
});
