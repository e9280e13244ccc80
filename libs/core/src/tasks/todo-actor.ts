import type { TodoActor } from '@duban/persistence';
import { AuthUser, hasAnyRole } from '../auth/auth-user';

/**
 * Whose 待办 the caller's roles give them (the repository turns it into the list's condition): a
 * liaison or lead-unit staff act on their unit's assigned work; lead-unit staff also review and
 * decide extensions on the work their unit issued to others; a supervisor reviews where the
 * issuing unit is the owner (separation of duties).
 */
export function todoActorOf(user: AuthUser): TodoActor {
  return {
    ownerUnitId: user.unitId !== null && hasAnyRole(user, 'UNIT_LIAISON', 'LEAD_UNIT') ? user.unitId : null,
    issuerUnitId: user.unitId !== null && hasAnyRole(user, 'LEAD_UNIT') ? user.unitId : null,
    supervisor: hasAnyRole(user, 'SUPERVISOR'),
  };
}
