import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ChainRole, UserRole } from '@duban/domain';
import { ChainRoleEntity } from '../chains/chain.entity';
import { UserEntity } from './user.entity';
import type { Tx } from '../transactions';

export interface NewUserRow {
  username: string;
  passwordHash: string;
  displayName: string;
  unitId: number | null;
  roles: UserRole[];
  mustChangePassword?: boolean;
}

export interface UserChanges {
  displayName?: string;
  unitId?: number | null;
  roles?: UserRole[];
  disabledAt?: Date | null;
}

/** Accounts: who signs in, with which roles and unit, and whether their tokens still count. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The account a sign-in names, with its hash; usernames match byte for byte (the collation pads trailing spaces). */
  async credentials(username: string): Promise<(UserEntity & { passwordHash: string }) | null> {
    const row = await this.db.getRepository(UserEntity).createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
    return row && row.username === username ? (row as UserEntity & { passwordHash: string }) : null;
  }

  async passwordHash(tx: Tx, id: number): Promise<string | null> {
    const row = await tx.getRepository(UserEntity).createQueryBuilder('u').select('u.id').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
    return row?.passwordHash ?? null;
  }

  /** One account; `lock` holds it for the rest of the transaction (a change reads what it replaces). */
  async find(id: number, tx?: Tx, lock = false): Promise<UserEntity | null> {
    const qb = (tx ?? this.db.manager).getRepository(UserEntity).createQueryBuilder('u').where('u.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async list(page: { skip: number; take: number }): Promise<{ rows: UserEntity[]; total: number }> {
    const [rows, total] = await this.db.getRepository(UserEntity).findAndCount({ order: { id: 'ASC' }, skip: page.skip, take: page.take });
    return { rows, total };
  }

  async usernameTaken(tx: Tx, username: string): Promise<boolean> {
    return tx.existsBy(UserEntity, { username });
  }

  async insert(tx: Tx, row: NewUserRow): Promise<number> {
    const { identifiers } = await tx.insert(UserEntity, { ...row, mustChangePassword: row.mustChangePassword ?? false });
    return Number(identifiers[0].id);
  }

  /** Chains the user personally holds a role on, after the holders the profile names. */
  async linkChains(tx: Tx, user: { id: number; displayName: string }, links: { chainId: number; role: ChainRole }[]): Promise<void> {
    if (links.length === 0) return;
    await tx.insert(
      ChainRoleEntity,
      links.map((link, position) => ({
        chainId: link.chainId,
        role: link.role,
        userId: user.id,
        holderName: user.displayName,
        memberKey: `user:${user.id}`,
        position: 1000 + position,
      })),
    );
  }

  /** Applies profile changes; disabling also revokes every token issued before. */
  async update(tx: Tx, id: number, changes: UserChanges): Promise<void> {
    const revoke = changes.disabledAt instanceof Date;
    await tx
      .createQueryBuilder()
      .update(UserEntity)
      .set({ ...changes, ...(revoke ? { tokenVersion: () => 'token_version + 1' } : {}) })
      .where('id = :id', { id })
      .execute();
  }

  /** A new password revokes every token issued before it. */
  async setPassword(tx: Tx, id: number, change: { passwordHash: string; mustChangePassword: boolean; at: Date }): Promise<void> {
    await tx
      .createQueryBuilder()
      .update(UserEntity)
      .set({ passwordHash: change.passwordHash, mustChangePassword: change.mustChangePassword, passwordChangedAt: change.at, tokenVersion: () => 'token_version + 1' })
      .where('id = :id', { id })
      .execute();
  }

  /** Enabled administrators other than `id`: the last one may not be disabled or lose the role. */
  async otherEnabledAdmins(tx: Tx, id: number): Promise<number> {
    return tx.getRepository(UserEntity).createQueryBuilder('u').where('u.id <> :id AND u.disabled_at IS NULL AND FIND_IN_SET(:role, u.roles)', { id, role: 'ADMIN' }).getCount();
  }

  async adminExists(username: string): Promise<boolean> {
    return this.db.getRepository(UserEntity).existsBy({ username });
  }
}
