import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { AppConfig } from '@duban/config';
import { UserEntity } from '@duban/persistence';
import { AuthUser } from './auth-user';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';

export const ADMIN_USERNAME = 'admin';
const USER_CACHE_MS = 5_000;

interface TokenClaims {
  sub: number;
  username: string;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  private readonly userCache = new Map<number, { user: AuthUser | null; at: number }>();

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; user: AuthUser }> {
    const found = await this.users.findOne({ where: { username }, select: { id: true, username: true, passwordHash: true } });
    // The collation pads trailing spaces; a username must match byte for byte.
    const row = found?.username === username ? found : null;
    const valid = await verifyPassword(row?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!row || !valid) throw new UnauthorizedException('username or password is incorrect');
    const user = await this.findUser(row.id);
    if (!user) throw new UnauthorizedException('username or password is incorrect');
    const claims: TokenClaims = { sub: user.id, username: user.username };
    return { accessToken: await this.jwt.signAsync(claims), user };
  }

  /** Resolves a bearer token to its user, reading roles fresh from the database. */
  async authenticate(token: string): Promise<AuthUser> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new UnauthorizedException('access token is invalid or expired');
    }
    const user = await this.cachedUser(claims.sub);
    if (!user) throw new UnauthorizedException('access token is invalid or expired');
    return user;
  }

  async findUser(id: number): Promise<AuthUser | null> {
    const row = await this.users.findOne({ where: { id } });
    return row ? toAuthUser(row) : null;
  }

  /** The user behind a token, remembered briefly: a change of roles applies within a few seconds. */
  private async cachedUser(id: number): Promise<AuthUser | null> {
    const hit = this.userCache.get(id);
    if (hit && performance.now() - hit.at < USER_CACHE_MS) return hit.user;
    const user = await this.findUser(id);
    if (this.userCache.size > 10_000) this.userCache.clear();
    this.userCache.set(id, { user, at: performance.now() });
    return user;
  }

  /** Creates the bootstrap admin from DUBAN_ADMIN_PASSWORD if it does not exist yet. */
  async ensureAdmin(): Promise<void> {
    if (await this.users.exists({ where: { username: ADMIN_USERNAME } })) return;
    try {
      await this.users.insert({
        username: ADMIN_USERNAME,
        passwordHash: await hashPassword(this.config.auth.adminPassword),
        displayName: '系统管理员',
        unitId: null,
        roles: ['ADMIN'],
      });
      this.logger.log('bootstrap user admin created');
    } catch (error) {
      // Another process created it first.
      if (!(error instanceof QueryFailedError && (error.driverError as { code?: string }).code === 'ER_DUP_ENTRY')) throw error;
    }
  }
}

export function toAuthUser(row: UserEntity): AuthUser {
  return { id: row.id, username: row.username, displayName: row.displayName, roles: row.roles, unitId: row.unitId };
}
