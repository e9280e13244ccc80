import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { ChainRole, UserRole } from '@duban/domain';
import { ChainEntity, ChainRoleEntity, UnitEntity, UserEntity } from '@duban/persistence';
import { AuthUser } from '../auth/auth-user';
import { toAuthUser } from '../auth/auth.service';
import { hashPassword } from '../auth/passwords';
import { Page, PageRequest, pageOffset } from '../common/page';
import { assertReferences } from '../common/references';

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  unitId?: number | null;
  roles: UserRole[];
  /** Chains the user holds a personal role on (a chain leader's chains, task-force membership). */
  chains?: { chainId: number; role: ChainRole }[];
}

/** Roles that act for a unit, and so need one. */
const UNIT_BOUND_ROLES: readonly UserRole[] = ['LEAD_UNIT', 'UNIT_LIAISON'];

@Injectable()
export class UsersService {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async list(page: PageRequest): Promise<Page<AuthUser>> {
    const [rows, total] = await this.users.findAndCount({ order: { id: 'ASC' }, ...pageOffset(page) });
    return { items: rows.map(toAuthUser), total };
  }

  async create(input: NewUser): Promise<AuthUser> {
    if (!input.unitId && input.roles.some((r) => UNIT_BOUND_ROLES.includes(r))) {
      throw new BadRequestException('unitId is required for roles LEAD_UNIT and UNIT_LIAISON');
    }
    const passwordHash = await hashPassword(input.password);
    return this.users.manager.transaction(async (em) => {
      await assertReferences(em, UnitEntity, 'unitId', [input.unitId], 'unit');
      await assertReferences(em, ChainEntity, 'chains.chainId', (input.chains ?? []).map((c) => c.chainId), 'chain');
      if (await em.existsBy(UserEntity, { username: input.username })) {
        throw new ConflictException(`username: ${input.username} is taken`);
      }
      const user = await em.save(
        em.create(UserEntity, {
          username: input.username,
          passwordHash,
          displayName: input.displayName,
          unitId: input.unitId ?? null,
          roles: [...new Set(input.roles)],
        }),
      );
      for (const [position, link] of (input.chains ?? []).entries()) {
        await em.insert(ChainRoleEntity, {
          chainId: link.chainId,
          role: link.role,
          userId: user.id,
          holderName: user.displayName,
          memberKey: `user:${user.id}`,
          // After the holders the profile names.
          position: 1000 + position,
        });
      }
      return toAuthUser(user);
    });
  }
}
