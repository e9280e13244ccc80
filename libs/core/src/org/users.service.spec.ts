import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { FixedClock } from '@duban/domain';
import type { Transactions, Tx, UserEntity, UsersRepository } from '@duban/persistence';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import type { AuthService } from '../auth/auth.service';
import type { PasswordHasher } from '../auth/password-hasher';
import type { References } from '../common/references.service';
import { UsersService } from './users.service';

/*
 * UsersService over mocked repositories (no database): what it checks before it writes, what it
 * writes in one transaction, and what it audits. The e2e suite (test/accounts.e2e-spec.ts) runs
 * the same behaviour on MariaDB.
 */
const NOW = new Date('2026-07-01T02:00:00Z');
const TX = { tx: 'the transaction' } as unknown as Tx;
const ADMIN: AuthUser = { id: 1, username: 'admin', displayName: '系统管理员', roles: ['ADMIN'], unitId: null, mustChangePassword: false };

function row(patch: Partial<UserEntity> = {}): UserEntity {
  return {
    id: 7,
    username: 'liaison01',
    passwordHash: 'not read',
    displayName: '王静',
    unitId: 20,
    roles: ['UNIT_LIAISON'],
    disabledAt: null,
    mustChangePassword: false,
    tokenVersion: 1,
    passwordChangedAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...patch,
  };
}

function setup(existing: UserEntity | null = row()) {
  const users = {
    find: jest.fn(async () => existing),
    list: jest.fn(),
    usernameTaken: jest.fn(async () => false),
    insert: jest.fn(async () => 8),
    linkChains: jest.fn(async () => undefined),
    update: jest.fn(async () => undefined),
    setPassword: jest.fn(async () => undefined),
    otherEnabledAdmins: jest.fn(async () => 1),
  } as unknown as jest.Mocked<UsersRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const hasher = { hash: jest.fn(async (p: string) => `hash(${p})`) } as unknown as jest.Mocked<PasswordHasher>;
  const auth = { forget: jest.fn() } as unknown as jest.Mocked<AuthService>;
  const audit = { record: jest.fn(async () => undefined) } as unknown as jest.Mocked<AuditService>;
  const references = { assert: jest.fn(async () => undefined) } as unknown as jest.Mocked<References>;
  const service = new UsersService(users, transactions, hasher, auth, audit, new FixedClock(NOW), references);
  return { service, users, transactions, hasher, auth, audit, references };
}

describe('UsersService', () => {
  describe('create', () => {
    const input = { username: 'liaison02', password: 'a-long-passphrase-2026', displayName: '刘洋', unitId: 20, roles: ['UNIT_LIAISON' as const] };

    it('inserts the account with its hash, links its chains and audits it, in one transaction', async () => {
      const { service, users, audit, transactions } = setup(row({ id: 8, username: 'liaison02', displayName: '刘洋' }));
      const view = await service.create(ADMIN, { ...input, chains: [{ chainId: 3, role: 'TASK_FORCE' }] });
      expect(transactions.run).toHaveBeenCalledTimes(1);
      expect(users.insert).toHaveBeenCalledWith(TX, {
        username: 'liaison02',
        passwordHash: 'hash(a-long-passphrase-2026)',
        displayName: '刘洋',
        unitId: 20,
        roles: ['UNIT_LIAISON'],
      });
      expect(users.linkChains).toHaveBeenCalledWith(TX, { id: 8, displayName: '刘洋' }, [{ chainId: 3, role: 'TASK_FORCE' }]);
      expect(audit.record).toHaveBeenCalledWith(TX, ADMIN.id, expect.objectContaining({ action: 'user.create', target: 'user', targetId: 8 }));
      expect(JSON.stringify(audit.record.mock.calls)).not.toContain('a-long-passphrase-2026');
      expect(view).toMatchObject({ id: 8, username: 'liaison02', disabled: false });
    });

    it.each([
      ['a unit-bound role without a unit', { unitId: undefined }, 'unitId is required'],
      ['a short password', { password: 'short' }, 'password must be at least 10 characters'],
      ['a password containing the username', { password: 'liaison02-passphrase' }, 'password must not contain the username'],
      ['a published password', { password: 'duban-admin-dev' }, "password is a value published in Duban's repository"],
    ])('refuses %s before writing anything', async (_, patch, message) => {
      const { service, users, hasher } = setup();
      const refused = await service.create(ADMIN, { ...input, ...patch }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BadRequestException);
      expect(JSON.stringify((refused as BadRequestException).getResponse())).toContain(message);
      expect(hasher.hash).not.toHaveBeenCalled();
      expect(users.insert).not.toHaveBeenCalled();
    });

    it('refuses a taken username (409) and unknown references (400), writing nothing', async () => {
      const taken = setup();
      taken.users.usernameTaken.mockResolvedValue(true);
      await expect(taken.service.create(ADMIN, input)).rejects.toThrow(ConflictException);
      expect(taken.users.insert).not.toHaveBeenCalled();

      const unknown = setup();
      unknown.references.assert.mockRejectedValue(new BadRequestException('unitId: no unit with id 20'));
      await expect(unknown.service.create(ADMIN, input)).rejects.toThrow('unitId: no unit with id 20');
      expect(unknown.users.insert).not.toHaveBeenCalled();
    });
  });

  describe('update', () => {
    it('disables an account with its own timestamp (which revokes its tokens) and audits before and after', async () => {
      const { service, users, audit, auth } = setup();
      users.find.mockResolvedValueOnce(row()).mockResolvedValueOnce(row({ disabledAt: NOW }));
      const view = await service.update(ADMIN, 7, { disabled: true });
      expect(users.update).toHaveBeenCalledWith(TX, 7, { disabledAt: NOW });
      expect(view.disabled).toBe(true);
      expect(audit.record).toHaveBeenCalledWith(
        TX,
        ADMIN.id,
        expect.objectContaining({ action: 'user.update', before: expect.objectContaining({ disabled: false }), after: expect.objectContaining({ disabled: true }) }),
      );
      expect(auth.forget).toHaveBeenCalledWith(7);
    });

    it('refuses to disable oneself, to leave no enabled admin, to give a liaison no unit, and an empty change', async () => {
      const self = setup(row({ id: ADMIN.id, roles: ['ADMIN'], unitId: null }));
      await expect(self.service.update(ADMIN, ADMIN.id, { disabled: true })).rejects.toThrow('you cannot disable your own account');

      const last = setup(row({ id: 2, roles: ['ADMIN'], unitId: null }));
      last.users.otherEnabledAdmins.mockResolvedValue(0);
      await expect(last.service.update(ADMIN, 2, { roles: ['SUPERVISOR'] })).rejects.toThrow(ConflictException);

      const unitless = setup();
      await expect(unitless.service.update(ADMIN, 7, { unitId: null })).rejects.toThrow('unitId is required');

      const empty = setup();
      await expect(empty.service.update(ADMIN, 7, {})).rejects.toThrow('give at least one of displayName');
      for (const s of [self, last, unitless, empty]) expect(s.users.update).not.toHaveBeenCalled();
    });

    it('answers 404 for an unknown account', async () => {
      const { service } = setup(null);
      await expect(service.update(ADMIN, 99, { displayName: '新名字' })).rejects.toThrow(NotFoundException);
    });
  });

  describe('resetPassword', () => {
    it('sets a temporary password the user must change, audits it without the value, and forgets the cached account', async () => {
      const { service, users, audit, auth } = setup();
      await service.resetPassword(ADMIN, 7, 'temporary-2026-pass');
      expect(users.setPassword).toHaveBeenCalledWith(TX, 7, { passwordHash: 'hash(temporary-2026-pass)', mustChangePassword: true, at: NOW });
      expect(audit.record).toHaveBeenCalledWith(TX, ADMIN.id, { action: 'user.password_reset', target: 'user', targetId: 7 });
      expect(auth.forget).toHaveBeenCalledWith(7);
    });

    it('holds a temporary password to the policy, judged against the account’s username', async () => {
      const { service, users } = setup();
      await expect(service.resetPassword(ADMIN, 7, 'liaison01-2026-x')).rejects.toThrow(BadRequestException);
      expect(users.setPassword).not.toHaveBeenCalled();
    });
  });
});
