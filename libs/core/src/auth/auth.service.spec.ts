import { BadRequestException, Logger, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { QueryFailedError } from 'typeorm';
import type { AppConfig } from '@duban/config';
import { FixedClock } from '@duban/domain';
import type { Transactions, Tx, UserEntity, UsersRepository } from '@duban/persistence';
import { RetryLaterException } from '@duban/platform';
import type { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/request-context';
import type { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import type { LoginThrottle } from './login-throttle';
import type { PasswordHasher } from './password-hasher';

/*
 * AuthService over mocked repositories, throttle and hasher, with a real JwtService: what sign-in
 * decides (throttle first, failures counted and audited, disabled accounts refused), what a token
 * is worth (revoked by a newer token version, refused once the account is disabled), and the
 * password-change policy.
 */
const NOW = new Date('2026-07-01T02:00:00Z');
const TX = { tx: 'the transaction' } as unknown as Tx;
const ADDRESS = '10.20.30.40';
const PASSWORD = '郑州传感谷-2026-春';

function account(patch: Partial<UserEntity> = {}): UserEntity & { passwordHash: string } {
  return {
    id: 6,
    username: 'gaoxin',
    passwordHash: 'hash of the password',
    displayName: '刘洋',
    unitId: 30,
    roles: ['UNIT_LIAISON'],
    disabledAt: null,
    mustChangePassword: false,
    tokenVersion: 4,
    passwordChangedAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...patch,
  } as UserEntity & { passwordHash: string };
}
const liaison: AuthUser = { id: 6, username: 'gaoxin', displayName: '刘洋', roles: ['UNIT_LIAISON'], unitId: 30, mustChangePassword: false };

function setup(row: (UserEntity & { passwordHash: string }) | null = account()) {
  const users = {
    credentials: jest.fn(async () => row),
    passwordHash: jest.fn(async () => row?.passwordHash ?? null),
    setPassword: jest.fn(async () => undefined),
    find: jest.fn(async () => row),
    adminExists: jest.fn(async () => false),
    insert: jest.fn(async () => 1),
  } as unknown as jest.Mocked<UsersRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const jwt = new JwtService({ secret: 'unit-test-secret-not-shipped', signOptions: { algorithm: 'HS256', expiresIn: 3600 } });
  const config = { auth: { adminPassword: 'an-operator-chosen-passphrase' } } as AppConfig;
  const hasher = {
    verify: jest.fn(async (hash: string | null, password: string) => hash === 'hash of the password' && password === PASSWORD),
    hash: jest.fn(async (password: string) => `hash(${password})`),
  } as unknown as jest.Mocked<PasswordHasher>;
  const throttle = {
    assertAllowed: jest.fn(async () => undefined),
    failed: jest.fn(async () => undefined),
    succeeded: jest.fn(async () => undefined),
  } as unknown as jest.Mocked<LoginThrottle>;
  const audit = { record: jest.fn(async () => undefined) } as unknown as jest.Mocked<AuditService>;
  const service = new AuthService(users, transactions, jwt, config, hasher, throttle, audit, new FixedClock(NOW));
  return { service, users, transactions, jwt, hasher, throttle, audit };
}

/** Runs as a request from ADDRESS. */
const fromClient = <T>(work: () => Promise<T>) => RequestContext.run({ address: ADDRESS }, work);

describe('AuthService', () => {
  afterEach(() => jest.restoreAllMocks());

  describe('login', () => {
    it('issues a token carrying the account and its token version, clears the failures of the username and audits the success', async () => {
      const { service, throttle, audit, jwt } = setup();
      const result = await fromClient(() => service.login('gaoxin', PASSWORD));
      expect(throttle.assertAllowed).toHaveBeenCalledWith('gaoxin', ADDRESS);
      expect(throttle.succeeded).toHaveBeenCalledWith('gaoxin');
      expect(throttle.failed).not.toHaveBeenCalled();
      expect(audit.record).toHaveBeenCalledWith(null, 6, { action: 'login.success', target: 'session' });
      expect(await jwt.verifyAsync(result.accessToken)).toMatchObject({ sub: 6, username: 'gaoxin', ver: 4 });
      expect(result).toMatchObject({ user: liaison, mustChangePassword: false });
    });

    it('tells the caller to change a password an administrator reset', async () => {
      const { service } = setup(account({ mustChangePassword: true }));
      expect((await service.login('gaoxin', PASSWORD)).mustChangePassword).toBe(true);
    });

    it('answers a locked-out username or address with 429 before looking at the password', async () => {
      const { service, throttle, users, hasher } = setup();
      throttle.assertAllowed.mockRejectedValue(new RetryLaterException('too many failed sign-ins; try again later', 300));
      await expect(fromClient(() => service.login('gaoxin', PASSWORD))).rejects.toThrow(RetryLaterException);
      expect(users.credentials).not.toHaveBeenCalled();
      expect(hasher.verify).not.toHaveBeenCalled();
      expect(throttle.succeeded).not.toHaveBeenCalled();
    });

    it('counts a wrong password against the username and the address, audits it and answers 401', async () => {
      const { service, throttle, audit } = setup();
      await expect(fromClient(() => service.login('gaoxin', 'not-the-password'))).rejects.toThrow(new UnauthorizedException('username or password is incorrect'));
      expect(throttle.failed).toHaveBeenCalledWith('gaoxin', ADDRESS);
      expect(throttle.succeeded).not.toHaveBeenCalled();
      expect(audit.record).toHaveBeenCalledWith(null, 6, { action: 'login.failure', target: 'session', after: { reason: 'wrong password' } });
      expect(JSON.stringify(audit.record.mock.calls)).not.toContain('not-the-password');
    });

    it('answers an unknown username exactly as a wrong password, after verifying against no hash (the same time)', async () => {
      const { service, throttle, audit, hasher } = setup(null);
      await expect(fromClient(() => service.login('nobody', PASSWORD))).rejects.toThrow(new UnauthorizedException('username or password is incorrect'));
      expect(hasher.verify).toHaveBeenCalledWith(null, PASSWORD);
      expect(throttle.failed).toHaveBeenCalledWith('nobody', ADDRESS);
      expect(audit.record).toHaveBeenCalledWith(null, null, { action: 'login.failure', target: 'session', after: { reason: 'unknown username' } });
    });

    it('refuses a disabled account even with the right password, without clearing its failures', async () => {
      const { service, throttle, audit } = setup(account({ disabledAt: new Date('2026-06-30T00:00:00Z') }));
      await expect(service.login('gaoxin', PASSWORD)).rejects.toThrow(new UnauthorizedException('this account is disabled; ask an administrator'));
      expect(throttle.succeeded).not.toHaveBeenCalled();
      expect(audit.record).toHaveBeenCalledWith(null, 6, { action: 'login.failure', target: 'session', after: { reason: 'account disabled' } });
    });
  });

  describe('authenticate', () => {
    it('resolves a token it issued to the account', async () => {
      const { service } = setup();
      const { accessToken } = await service.login('gaoxin', PASSWORD);
      expect(await service.authenticate(accessToken)).toEqual(liaison);
    });

    it('refuses a token of an older token version (a password change or reset revoked it)', async () => {
      const { service, users } = setup();
      const { accessToken } = await service.login('gaoxin', PASSWORD);
      users.find.mockResolvedValue(account({ tokenVersion: 5 }));
      await expect(service.authenticate(accessToken)).rejects.toThrow(new UnauthorizedException('access token is invalid or expired'));
    });

    it('refuses the token of a disabled or deleted account, a forged and a malformed token', async () => {
      const disabled = setup();
      const { accessToken } = await disabled.service.login('gaoxin', PASSWORD);
      disabled.users.find.mockResolvedValue(account({ disabledAt: NOW }));
      await expect(disabled.service.authenticate(accessToken)).rejects.toThrow(UnauthorizedException);

      const gone = setup();
      gone.users.find.mockResolvedValue(null);
      await expect(gone.service.authenticate(accessToken)).rejects.toThrow(UnauthorizedException);

      const forged = await new JwtService({ secret: 'someone-elses-secret' }).signAsync({ sub: 6, username: 'gaoxin', ver: 4 });
      await expect(gone.service.authenticate(forged)).rejects.toThrow(UnauthorizedException);
      await expect(gone.service.authenticate('not.a.token')).rejects.toThrow(UnauthorizedException);
    });

    it("checks a token's signature once, and refuses it once it has expired even though it was checked", async () => {
      const { service, jwt } = setup();
      const { accessToken } = await service.login('gaoxin', PASSWORD);
      const verify = jest.spyOn(jwt, 'verifyAsync');
      await service.authenticate(accessToken);
      await service.authenticate(accessToken);
      expect(verify).toHaveBeenCalledTimes(1);

      const { exp } = jwt.decode<{ exp: number }>(accessToken);
      jest.spyOn(Date, 'now').mockReturnValue(exp * 1000);
      await expect(service.authenticate(accessToken)).rejects.toThrow(new UnauthorizedException('access token is invalid or expired'));
      expect(verify).toHaveBeenCalledTimes(2);
    });

    it('refuses a token with a changed signature even when the genuine one has been checked', async () => {
      const { service } = setup();
      const { accessToken } = await service.login('gaoxin', PASSWORD);
      await service.authenticate(accessToken);
      const [header, payload, signature] = accessToken.split('.');
      const tampered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      await expect(service.authenticate(tampered)).rejects.toThrow(UnauthorizedException);
    });

    it('remembers an account for 5 seconds, and reads it again after forget', async () => {
      let now = 1_000;
      jest.spyOn(performance, 'now').mockImplementation(() => now);
      const { service, users } = setup();
      const { accessToken } = await service.login('gaoxin', PASSWORD);
      await service.authenticate(accessToken);
      users.find.mockResolvedValue(account({ disabledAt: NOW }));
      now += 4_999;
      await expect(service.authenticate(accessToken)).resolves.toEqual(liaison);
      now += 1;
      await expect(service.authenticate(accessToken)).rejects.toThrow(UnauthorizedException);

      const other = setup();
      await other.service.authenticate(accessToken);
      other.users.find.mockResolvedValue(account({ tokenVersion: 5 }));
      other.service.forget(6);
      await expect(other.service.authenticate(accessToken)).rejects.toThrow(UnauthorizedException);
    });
  });

  describe('changeOwnPassword', () => {
    const NEW_PASSWORD = '二七区-链长制-2026';

    it('stores the new hash (revoking older tokens) and audits the change in one transaction, then forgets the cached account', async () => {
      const { service, users, audit, hasher } = setup();
      const { accessToken } = await service.login('gaoxin', PASSWORD);
      await service.authenticate(accessToken);
      await fromClient(() => service.changeOwnPassword(liaison, PASSWORD, NEW_PASSWORD));
      expect(users.passwordHash).toHaveBeenCalledWith(TX, 6);
      expect(hasher.hash).toHaveBeenCalledWith(NEW_PASSWORD);
      expect(users.setPassword).toHaveBeenCalledWith(TX, 6, { passwordHash: `hash(${NEW_PASSWORD})`, mustChangePassword: false, at: NOW });
      expect(audit.record).toHaveBeenCalledWith(TX, 6, { action: 'user.password_change', target: 'user', targetId: 6 });
      expect(JSON.stringify(audit.record.mock.calls)).not.toContain(NEW_PASSWORD);
      users.find.mockResolvedValue(account({ tokenVersion: 5 }));
      await expect(service.authenticate(accessToken)).rejects.toThrow(UnauthorizedException);
    });

    it('refuses a wrong current password with 400, counting it towards throttling', async () => {
      const { service, users, throttle } = setup();
      await expect(fromClient(() => service.changeOwnPassword(liaison, 'a-wrong-guess-2026', NEW_PASSWORD))).rejects.toThrow(
        new BadRequestException('currentPassword is incorrect'),
      );
      expect(throttle.failed).toHaveBeenCalledWith('gaoxin', ADDRESS);
      expect(users.setPassword).not.toHaveBeenCalled();
    });

    it('is throttled like sign-in', async () => {
      const { service, users, throttle } = setup();
      throttle.assertAllowed.mockRejectedValue(new RetryLaterException('too many failed sign-ins; try again later', 300));
      await expect(fromClient(() => service.changeOwnPassword(liaison, PASSWORD, NEW_PASSWORD))).rejects.toThrow(RetryLaterException);
      expect(users.passwordHash).not.toHaveBeenCalled();
      expect(throttle.assertAllowed).toHaveBeenCalledWith('gaoxin', ADDRESS);
    });

    it.each([
      ['too short', 'short-1', ['newPassword must be at least 10 characters']],
      ['containing the username', 'gaoxin-2026-passphrase', ['newPassword must not contain the username']],
      ['a value published in the repository', 'duban-admin-dev', ["newPassword is a value published in Duban's repository; choose another"]],
      ['the current one', PASSWORD, ['newPassword must differ from currentPassword']],
    ])('refuses a new password %s with 400 naming newPassword, storing nothing', async (_, password, messages) => {
      const { service, users, hasher } = setup();
      const refused = await service.changeOwnPassword(liaison, PASSWORD, password).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BadRequestException);
      const body = (refused as BadRequestException).getResponse() as { message: string | string[] };
      expect([body.message].flat()).toEqual(messages);
      expect(hasher.hash).not.toHaveBeenCalled();
      expect(users.setPassword).not.toHaveBeenCalled();
    });
  });

  describe('ensureAdmin', () => {
    it('creates the bootstrap admin with the configured password, audited, in one transaction', async () => {
      const { service, users, audit, hasher } = setup();
      const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      await service.ensureAdmin();
      expect(log).toHaveBeenCalledWith('bootstrap user admin created');
      expect(hasher.hash).toHaveBeenCalledWith('an-operator-chosen-passphrase');
      expect(users.insert).toHaveBeenCalledWith(TX, {
        username: 'admin',
        passwordHash: 'hash(an-operator-chosen-passphrase)',
        displayName: '系统管理员',
        unitId: null,
        roles: ['ADMIN'],
      });
      expect(audit.record).toHaveBeenCalledWith(TX, null, { action: 'user.create', target: 'user', targetId: 1, after: { username: 'admin', roles: ['ADMIN'], bootstrap: true } });
    });

    it('leaves an existing admin alone', async () => {
      const { service, users, hasher } = setup();
      users.adminExists.mockResolvedValue(true);
      await service.ensureAdmin();
      expect(hasher.hash).not.toHaveBeenCalled();
      expect(users.insert).not.toHaveBeenCalled();
    });

    it('takes a duplicate key as another process having created it first, and lets any other failure through', async () => {
      const duplicate = setup();
      duplicate.users.insert.mockRejectedValue(new QueryFailedError('INSERT', [], Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' })));
      await expect(duplicate.service.ensureAdmin()).resolves.toBeUndefined();

      const broken = setup();
      broken.users.insert.mockRejectedValue(new QueryFailedError('INSERT', [], Object.assign(new Error('Lock wait timeout'), { code: 'ER_LOCK_WAIT_TIMEOUT' })));
      await expect(broken.service.ensureAdmin()).rejects.toThrow('Lock wait timeout');
    });
  });
});
