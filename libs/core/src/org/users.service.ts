import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { ChainRole, UserRole } from '@duban/domain';
import { Clock } from '@duban/domain';
import { Transactions, Tx, UserChanges, UserEntity, UsersRepository } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { assertPasswordPolicy, AuthService, toAuthUser } from '../auth/auth.service';
import { PasswordHasher } from '../auth/password-hasher';
import { Page, PageRequest, pageOffset } from '../common/page';
import { References } from '../common/references.service';

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  unitId?: number | null;
  roles: UserRole[];
  /** Chains the user holds a personal role on (a chain leader's chains, task-force membership). */
  chains?: { chainId: number; role: ChainRole }[];
}

export interface UserUpdate {
  displayName?: string;
  unitId?: number | null;
  roles?: UserRole[];
  disabled?: boolean;
}

/** An account as administrators see it. */
export interface UserView extends AuthUser {
  disabled: boolean;
  disabledAt: string | null;
  passwordChangedAt: string | null;
  createdAt: string;
}

/** Roles that act for a unit, and so need one. */
const UNIT_BOUND_ROLES: readonly UserRole[] = ['LEAD_UNIT', 'UNIT_LIAISON'];

/** Accounts, managed by administrators; every change is audited in its own transaction. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly references: References,
  ) {}

  async list(page: PageRequest): Promise<Page<UserView>> {
    const { rows, total } = await this.users.list(pageOffset(page));
    return { items: rows.map(toUserView), total };
  }

  async create(actor: AuthUser | null, input: NewUser): Promise<UserView> {
    assertUnitForRoles(input.roles, input.unitId ?? null);
    assertPasswordPolicy(input.password, 'password', input.username);
    const passwordHash = await this.hasher.hash(input.password);
    return this.transactions.run(async (tx) => {
      await this.references.assert(tx, 'unit', 'unitId', [input.unitId]);
      await this.references.assert(
        tx,
        'chain',
        'chains.chainId',
        (input.chains ?? []).map((c) => c.chainId),
      );
      if (await this.users.usernameTaken(tx, input.username)) throw new ConflictException(`username: ${input.username} is taken`);
      const id = await this.users.insert(tx, {
        username: input.username,
        passwordHash,
        displayName: input.displayName,
        unitId: input.unitId ?? null,
        roles: [...new Set(input.roles)],
      });
      await this.users.linkChains(tx, { id, displayName: input.displayName }, input.chains ?? []);
      const view = toUserView((await this.users.find(id, tx))!);
      await this.audit.record(tx, actor?.id ?? null, { action: 'user.create', target: 'user', targetId: id, after: { ...auditable(view), chains: input.chains ?? [] } });
      return view;
    });
  }

  /** Changes a profile, roles or unit, or disables/enables the account (disabling revokes its tokens). */
  async update(actor: AuthUser, id: number, change: UserUpdate): Promise<UserView> {
    if (Object.values(change).every((v) => v === undefined)) throw new BadRequestException('give at least one of displayName, unitId, roles and disabled');
    const view = await this.transactions.run(async (tx) => {
      const before = await this.mustFind(tx, id);
      const roles = change.roles ? [...new Set(change.roles)] : before.roles;
      const unitId = change.unitId === undefined ? before.unitId : change.unitId;
      assertUnitForRoles(roles, unitId);
      await this.references.assert(tx, 'unit', 'unitId', [unitId]);
      const disabling = change.disabled === true && before.disabledAt === null;
      if (disabling && id === actor.id) throw new BadRequestException('disabled: you cannot disable your own account');
      const losesAdmin = before.roles.includes('ADMIN') && before.disabledAt === null && (disabling || !roles.includes('ADMIN'));
      if (losesAdmin && (await this.users.otherEnabledAdmins(tx, id)) === 0) {
        throw new ConflictException('this is the last enabled administrator; make another administrator first');
      }
      const changes: UserChanges = {};
      if (change.displayName !== undefined) changes.displayName = change.displayName;
      if (change.unitId !== undefined) changes.unitId = change.unitId;
      if (change.roles !== undefined) changes.roles = roles;
      if (change.disabled !== undefined && change.disabled !== (before.disabledAt !== null)) changes.disabledAt = change.disabled ? this.clock.now() : null;
      if (Object.keys(changes).length === 0) return toUserView(before);
      await this.users.update(tx, id, changes);
      const after = toUserView((await this.users.find(id, tx))!);
      await this.audit.record(tx, actor.id, { action: 'user.update', target: 'user', targetId: id, before: auditable(toUserView(before)), after: auditable(after) });
      return after;
    });
    this.auth.forget(id);
    return view;
  }

  /** Sets a temporary password the user must change at next sign-in; every older token is revoked. */
  async resetPassword(actor: AuthUser, id: number, password: string): Promise<void> {
    const target = await this.transactions.run((tx) => this.mustFind(tx, id));
    assertPasswordPolicy(password, 'password', target.username);
    const passwordHash = await this.hasher.hash(password);
    await this.transactions.run(async (tx) => {
      await this.mustFind(tx, id);
      await this.users.setPassword(tx, id, { passwordHash, mustChangePassword: true, at: this.clock.now() });
      await this.audit.record(tx, actor.id, { action: 'user.password_reset', target: 'user', targetId: id });
    });
    this.auth.forget(id);
  }

  private async mustFind(tx: Tx, id: number): Promise<UserEntity> {
    const row = await this.users.find(id, tx, true);
    if (!row) throw new NotFoundException(`user ${id} not found`);
    return row;
  }
}

function assertUnitForRoles(roles: readonly UserRole[], unitId: number | null): void {
  if (!unitId && roles.some((r) => UNIT_BOUND_ROLES.includes(r))) throw new BadRequestException('unitId is required for roles LEAD_UNIT and UNIT_LIAISON');
}

/** What the audit log keeps of an account: never its password or hash. */
function auditable(v: UserView): Record<string, unknown> {
  return { username: v.username, displayName: v.displayName, unitId: v.unitId, roles: v.roles, disabled: v.disabled };
}

export function toUserView(row: UserEntity): UserView {
  return {
    ...toAuthUser(row),
    disabled: row.disabledAt !== null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    passwordChangedAt: row.passwordChangedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
