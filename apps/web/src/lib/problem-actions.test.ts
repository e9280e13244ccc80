import { describe, expect, it } from 'vitest';
import { availableProblemActions, mayRaiseProblem, takesPlanDate } from './problem-actions';

const problem = { routedToUnitId: 10, raisedByUnitId: 20 };
const lead = { roles: ['LEAD_UNIT' as const], unitId: 10 };
const raiser = { roles: ['UNIT_LIAISON' as const], unitId: 20 };
const supervisor = { roles: ['SUPERVISOR' as const], unitId: 99 };
const stranger = { roles: ['UNIT_LIAISON' as const], unitId: 30 };

describe('the 13710 actions on a problem, per person and state', () => {
  it('lets the lead department acknowledge an open problem; the raiser waits', () => {
    expect(availableProblemActions({ ...problem, state: 'OPEN' }, lead)).toEqual(['acknowledge']);
    expect(availableProblemActions({ ...problem, state: 'OPEN' }, raiser)).toEqual([]);
    expect(availableProblemActions({ ...problem, state: 'OPEN' }, supervisor)).toEqual(['acknowledge']);
  });

  it('lets the lead department feed back and resolve once acknowledged (a comment is the form’s to ask)', () => {
    expect(availableProblemActions({ ...problem, state: 'ACKNOWLEDGED' }, lead)).toEqual(['feedback', 'resolve']);
    expect(availableProblemActions({ ...problem, state: 'IN_PROGRESS' }, lead)).toEqual(['feedback', 'resolve']);
    expect(availableProblemActions({ ...problem, state: 'IN_PROGRESS' }, supervisor)).toEqual([]);
  });

  it('lets the raiser (or a supervisor) close or reopen a resolved problem, and reopen a closed one', () => {
    expect(availableProblemActions({ ...problem, state: 'RESOLVED' }, raiser)).toEqual(['close', 'reopen']);
    expect(availableProblemActions({ ...problem, state: 'CLOSED' }, supervisor)).toEqual(['reopen']);
    expect(availableProblemActions({ ...problem, state: 'RESOLVED' }, lead)).toEqual([]);
  });

  it('offers nothing to a unit with no part in it', () => {
    for (const state of ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const) expect(availableProblemActions({ ...problem, state }, stranger)).toEqual([]);
  });
});

describe('the plan date (计划解决时限) and raising a problem', () => {
  it('offers a plan date for a major problem when acknowledging or feeding back, never for a general one', () => {
    expect(takesPlanDate('acknowledge', 'MAJOR')).toBe(true);
    expect(takesPlanDate('feedback', 'MAJOR')).toBe(true);
    expect(takesPlanDate('acknowledge', 'GENERAL')).toBe(false);
    expect(takesPlanDate('feedback', 'GENERAL')).toBe(false);
    expect(takesPlanDate('resolve', 'MAJOR')).toBe(false);
    expect(takesPlanDate('close', 'MAJOR')).toBe(false);
  });

  it('lets a unit’s staff raise a problem; a chain leader in person or a user without a unit may not', () => {
    expect(mayRaiseProblem(raiser)).toBe(true);
    expect(mayRaiseProblem(lead)).toBe(true);
    expect(mayRaiseProblem(supervisor)).toBe(true);
    expect(mayRaiseProblem({ roles: ['CHAIN_LEADER'], unitId: 10 })).toBe(false);
    expect(mayRaiseProblem({ roles: ['ADMIN'], unitId: null })).toBe(false);
  });
});
