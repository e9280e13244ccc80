import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { UserRole } from '@duban/domain';
import { AuthService, hasAnyRole } from '@duban/core';
import { IS_PUBLIC } from '@duban/platform';
import { ROLES, WHILE_PASSWORD_CHANGE_PENDING } from './auth.decorators';

/**
 * Every route needs a bearer token unless marked @Public(); a user whose password was reset may
 * use only the routes marked for it until they change it; @Roles narrows further.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: unknown }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('authorization: a bearer access token is required');
    const user = await this.auth.authenticate(token);
    request.user = user;

    if (user.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(WHILE_PASSWORD_CHANGE_PENDING, targets)) {
      throw new ForbiddenException('password: an administrator reset your password; change it (POST /api/v1/auth/password) before anything else');
    }
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles && !hasAnyRole(user, ...roles)) throw new ForbiddenException(`this requires one of the roles ${roles.join(', ')}`);
    return true;
  }
}
