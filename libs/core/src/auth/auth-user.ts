import type { UserRole } from '@duban/domain';

/** The authenticated caller, as guards hand it to controllers and services. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  roles: UserRole[];
  unitId: number | null;
  /** After an administrator's reset: only changing the password (and /me) is allowed until it is done. */
  mustChangePassword: boolean;
}

export function hasAnyRole(user: Pick<AuthUser, 'roles'>, ...roles: UserRole[]): boolean {
  return roles.some((role) => user.roles.includes(role));
}

/** Admins and supervisors see every record. */
export function seesEverything(user: Pick<AuthUser, 'roles'>): boolean {
  return hasAnyRole(user, 'ADMIN', 'SUPERVISOR');
}
