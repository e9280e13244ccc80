import type { Schemas } from '../api/client';
import type { Role } from './menu';

export type CardKey = Schemas['SummaryCardKey'];

/**
 * Which of GET /me/summary's cards each role sees on 工作台. 待办 only where the role can act on
 * tasks (owners and issuers sign, feed back, review; supervisors decide where the issuer owns the
 * work); 督办 (the open supervision list) for supervisors and admins; everyone sees the lights,
 * this month's reports and this year's completion rates of the work in their scope.
 */
const CARDS: Record<Role, readonly CardKey[]> = {
  UNIT_LIAISON: ['todo', 'dueSoon', 'overdue', 'reportsThisMonth', 'completionRate', 'onTimeCompletionRate'],
  LEAD_UNIT: ['todo', 'dueSoon', 'overdue', 'reportsThisMonth', 'completionRate', 'onTimeCompletionRate'],
  CHAIN_LEADER: ['dueSoon', 'overdue', 'reportsThisMonth', 'completionRate', 'onTimeCompletionRate'],
  SUPERVISOR: ['todo', 'dueSoon', 'overdue', 'reportsThisMonth', 'completionRate', 'onTimeCompletionRate', 'supervision'],
  ADMIN: ['dueSoon', 'overdue', 'reportsThisMonth', 'completionRate', 'onTimeCompletionRate', 'supervision'],
};

const ORDER: readonly CardKey[] = ['todo', 'dueSoon', 'overdue', 'reportsThisMonth', 'completionRate', 'onTimeCompletionRate', 'supervision'];

/** The cards a user with these roles sees, in the summary's order. */
export function cardsFor(roles: readonly Role[]): CardKey[] {
  const keys = new Set(roles.flatMap((role) => CARDS[role] ?? []));
  return ORDER.filter((key) => keys.has(key));
}

/** 0.8567 → "85.7%"; null (nothing to count yet) → null. */
export function percent(rate: number | null | undefined): string | null {
  if (rate === null || rate === undefined) return null;
  return `${(Math.round(rate * 1000) / 10).toFixed(1).replace(/\.0$/, '')}%`;
}
