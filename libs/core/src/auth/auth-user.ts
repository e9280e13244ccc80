import type { UserRole } from '@duban/domain';

/** The authenticated caller, as guards hand it to controllers and services. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  roles: UserRole[];
  unitId: number | null;
}

export function hasAnyRole(user: AuthUser, ...roles: UserRole[]): boolean {
  return roles.some((role) => user.roles.includes(role));
}

/** Admins and supervisors see every record. */
export function seesEverything(user: AuthUser): boolean {
  return hasAnyRole(user, 'ADMIN', 'SUPERVISOR');
}
