import { describe, expect, it } from 'vitest';
import { availableProblemActions } from './problem-actions';

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
