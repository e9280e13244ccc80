import { BadRequestException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { QueryFailedError } from 'typeorm';
import { AppConfig, isShippedSecret } from '@duban/config';
import { Clock, passwordProblems } from '@duban/domain';
import { Transactions, UserEntity, UsersRepository } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/request-context';
import { AuthUser } from './auth-user';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';

export const ADMIN_USERNAME = 'admin';
const USER_CACHE_MS = 5_000;
const BAD_CREDENTIALS = 'username or password is incorrect';

interface TokenClaims {
  sub: number;
  username: string;
  /** The account's token version when the token was issued; a later one revokes it. */
  ver: number;
  /** Expiry, in seconds since the epoch (set by the JWT module's expiresIn). */
  exp?: number;
}

/** How many verified tokens a process remembers before it starts afresh. */
const VERIFIED_TOKENS_MAX = 10_000;

interface CachedAccount {
  user: AuthUser;
  tokenVersion: number;
  disabled: boolean;
}

export interface LoginResult {
  accessToken: string;
  user: AuthUser;
  /** True after an administrator's reset: change the password before anything else. */
  mustChangePassword: boolean;
}

/** Passwords checked against the policy, naming `field` and judged against `username`. */
export function assertPasswordPolicy(password: string, field: string, username: string): void {
  const problems = passwordProblems(password, { field, username, shipped: isShippedSecret });
  if (problems.length > 0) throw new BadRequestException(problems);
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  private readonly cache = new Map<number, { account: CachedAccount | null; at: number }>();
  /** Tokens whose signature this process has checked, with the instant (ms) each expires. */
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAt: number }>();

  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Exchanges a username and password for an access token. Throttled per username and client
   * address; failures and successes are audited (the attempted username only when it exists).
   */
  async login(username: string, password: string): Promise<LoginResult> {
    const address = RequestContext.address();
    await this.throttle.assertAllowed(username, address);
    const row = await this.users.credentials(username);
    const valid = await this.hasher.verify(row?.passwordHash ?? null, password);
    if (!row || !valid) {
      await this.throttle.failed(username, address);
      await this.audit.record(null, row?.id ?? null, { action: 'login.failure', target: 'session', after: { reason: row ? 'wrong password' : 'unknown username' } });
      throw new UnauthorizedException(BAD_CREDENTIALS);
    }
    if (row.disabledAt) {
      await this.audit.record(null, row.id, { action: 'login.failure', target: 'session', after: { reason: 'account disabled' } });
      throw new UnauthorizedException('this account is disabled; ask an administrator');
    }
    await this.throttle.succeeded(username);
    await this.audit.record(null, row.id, { action: 'login.success', target: 'session' });
    const claims: TokenClaims = { sub: row.id, username: row.username, ver: row.tokenVersion };
    const user = toAuthUser(row);
    return { accessToken: await this.jwt.signAsync(claims), user, mustChangePassword: user.mustChangePassword };
  }

  /** Resolves a bearer token to its user; a disabled account or a revoked token is refused. */
  async authenticate(token: string): Promise<AuthUser> {
    const claims = await this.verifiedClaims(token);
    const account = await this.cachedAccount(claims.sub);
    if (!account || account.disabled || account.tokenVersion !== claims.ver) throw new UnauthorizedException('access token is invalid or expired');
    return account.user;
  }

  /**
   * The claims of a token whose signature is valid and which has not expired. A token's signature
   * is checked once per process: the same string is then only checked against its expiry (an HMAC
   * and a JSON parse per request were about 3% of the api's CPU under load). Revocation is not
   * decided here but by the account's token version, read on every call.
   */
  private async verifiedClaims(token: string): Promise<TokenClaims> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt) return known.claims;
    this.verified.delete(token);
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new UnauthorizedException('access token is invalid or expired');
    }
    if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.clear();
    this.verified.set(token, { claims, expiresAt: claims.exp !== undefined ? claims.exp * 1000 : Number.POSITIVE_INFINITY });
    return claims;
  }

  /**
   * The caller changes their own password: the current one must be right (failures count
   * towards sign-in throttling), the new one must pass the policy. Every older token is revoked.
   */
  async changeOwnPassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const address = RequestContext.address();
    await this.throttle.assertAllowed(user.username, address);
    const current = await this.transactions.run((tx) => this.users.passwordHash(tx, user.id));
    if (!(await this.hasher.verify(current, currentPassword))) {
      await this.throttle.failed(user.username, address);
      throw new BadRequestException('currentPassword is incorrect');
    }
    assertPasswordPolicy(newPassword, 'newPassword', user.username);
    if (newPassword === currentPassword) throw new BadRequestException('newPassword must differ from currentPassword');
    const passwordHash = await this.hasher.hash(newPassword);
    await this.transactions.run(async (tx) => {
      await this.users.setPassword(tx, user.id, { passwordHash, mustChangePassword: false, at: this.clock.now() });
      await this.audit.record(tx, user.id, { action: 'user.password_change', target: 'user', targetId: user.id });
    });
    this.forget(user.id);
  }

  /** Drops what this process remembers of an account (others forget within the cache's few seconds). */
  forget(id: number): void {
    this.cache.delete(id);
  }

  /** The account behind a token, remembered briefly: a change (roles, disabling, revocation) applies everywhere within a few seconds. */
  private async cachedAccount(id: number): Promise<CachedAccount | null> {
    const hit = this.cache.get(id);
    if (hit && performance.now() - hit.at < USER_CACHE_MS) return hit.account;
    const row = await this.users.find(id);
    const account = row ? { user: toAuthUser(row), tokenVersion: row.tokenVersion, disabled: row.disabledAt !== null } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(id, { account, at: performance.now() });
    return account;
  }

  /** Creates the bootstrap admin from DUBAN_ADMIN_PASSWORD if it does not exist yet. */
  async ensureAdmin(): Promise<void> {
    if (await this.users.adminExists(ADMIN_USERNAME)) return;
    const passwordHash = await this.hasher.hash(this.config.auth.adminPassword);
    try {
      await this.transactions.run(async (tx) => {
        const id = await this.users.insert(tx, { username: ADMIN_USERNAME, passwordHash, displayName: '系统管理员', unitId: null, roles: ['ADMIN'] });
        await this.audit.record(tx, null, { action: 'user.create', target: 'user', targetId: id, after: { username: ADMIN_USERNAME, roles: ['ADMIN'], bootstrap: true } });
      });
      this.logger.log('bootstrap user admin created');
    } catch (error) {
      // Another process created it first.
      if (!(error instanceof QueryFailedError && (error.driverError as { code?: string }).code === 'ER_DUP_ENTRY')) throw error;
    }
  }
}

export function toAuthUser(row: UserEntity): AuthUser {
  return { id: row.id, username: row.username, displayName: row.displayName, roles: row.roles, unitId: row.unitId, mustChangePassword: row.mustChangePassword };
}
