import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { UserRole } from '@duban/domain';
import type { AuthUser } from '@duban/core';

export const ROLES = 'duban:roles';
/** Only callers holding one of these roles may use the route (403 otherwise). */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

export const WHILE_PASSWORD_CHANGE_PENDING = 'duban:whilePasswordChangePending';
/** A route a user whose password was reset may still use (changing it, reading who they are). */
export const AllowWhilePasswordChangePending = () => SetMetadata(WHILE_PASSWORD_CHANGE_PENDING, true);

/** The authenticated caller. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user);
