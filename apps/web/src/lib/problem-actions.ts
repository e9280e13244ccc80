import { decideProblemTransition, plannedAtProblem, PROBLEM_ACTIONS, type ProblemAction, type ProblemActor, type Severity } from '@duban/domain/problems/problem-lifecycle';
import type { Schemas } from '../api/client';

export type { ProblemAction };
type Problem = Pick<Schemas['ProblemListItemDto'], 'state' | 'routedToUnitId' | 'raisedByUnitId'>;
type User = Pick<Schemas['MeDto'], 'roles' | 'unitId'>;

/** Who the user is to this problem, as the api judges it (problems.service actorsOf). */
export function problemActorsOf(user: User, problem: Problem): Set<ProblemActor> {
  const actors = new Set<ProblemActor>();
  if (user.roles.includes('SUPERVISOR') || user.roles.includes('ADMIN')) actors.add('SUPERVISOR');
  if (user.unitId !== null && user.unitId === problem.routedToUnitId) actors.add('ROUTED');
  if (user.unitId !== null && user.unitId === problem.raisedByUnitId) actors.add('RAISER');
  return actors;
}

/**
 * The 13710 actions this user may take on this problem now: the api's own decision table
 * (libs/domain), so a button shows only where the api would accept it (a missing comment is the
 * form's to ask for).
 */
export function availableProblemActions(problem: Problem, user: User): ProblemAction[] {
  const actors = problemActorsOf(user, problem);
  return PROBLEM_ACTIONS.filter((action) => {
    const outcome = decideProblemTransition(problem.state, action, actors, {});
    return outcome.ok || outcome.error === 'INVALID';
  });
}

/**
 * Whether the form offers a plan date (计划解决时限) for this action on a problem of this
 * severity: the domain's rule (a major problem, on acknowledge or feedback), asked with a date
 * that is surely ahead.
 */
export function takesPlanDate(action: ProblemAction, severity: Severity): boolean {
  return plannedAtProblem(action, severity, FAR_AHEAD, new Date(0)) === null;
}
const FAR_AHEAD = new Date(8.64e15);

/** Whether the user may raise a problem (提出问题): a unit's staff, as the api judges it (problems.service raise). */
export function mayRaiseProblem(user: User): boolean {
  const staff = user.roles.some((r) => r === 'ADMIN' || r === 'SUPERVISOR' || r === 'LEAD_UNIT' || r === 'UNIT_LIAISON');
  return user.unitId !== null && staff;
}
