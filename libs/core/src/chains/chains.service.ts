import { Injectable, NotFoundException } from '@nestjs/common';
import { AdHocMeetingRule, ChainCategory, ChainRole, LEADER_ROLES } from '@duban/domain';
import { ChainEntity, ChainRoleEntity, ChainsRepository, ProfilesRepository, UnitsRepository } from '@duban/persistence';
import { Page, PageRequest, pageOffset } from '../common/page';

export interface UnitRef {
  id: number;
  name: string;
}

export interface ChainView {
  id: number;
  name: string;
  category: ChainCategory;
  cluster: string | null;
  future: boolean;
  note: string | null;
  leaders: { role: ChainRole; name: string; userId: number | null }[];
  leadUnits: UnitRef[];
  participantUnits: UnitRef[];
  allianceUnits: UnitRef[];
}

export interface ChainDetail extends ChainView {
  /** 工作专班: set up by the lead department, with its named members. */
  taskForce: { unit: UnitRef | null; members: { userId: number; name: string }[] };
}

/** One chain with its task force, and the ad-hoc meetings its profile lets holders of its roles call. */
export type ChainWithMeetings = ChainDetail & { meetingTypes: AdHocMeetingRule[] };

/** The chains as reference data: who leads them, which units lead and take part, their task force. */
@Injectable()
export class ChainsService {
  constructor(
    private readonly chains: ChainsRepository,
    private readonly units: UnitsRepository,
    private readonly profiles: ProfilesRepository,
  ) {}

  async list(filter: { category?: ChainCategory }, page: PageRequest): Promise<Page<ChainView>> {
    const { rows, total } = await this.chains.list(filter, pageOffset(page));
    const views = await this.describe(rows);
    return { items: views.map(({ taskForce: _taskForce, ...view }) => view), total };
  }

  async get(id: number): Promise<ChainWithMeetings> {
    const row = await this.chains.find(id);
    if (!row) throw new NotFoundException(`chain ${id} not found`);
    const [detail] = await this.describe([row]);
    const [profile] = await this.profiles.meetingTypesOf([id]);
    return { ...detail, meetingTypes: profile?.types ?? [] };
  }

  private async describe(chains: ChainEntity[]): Promise<ChainDetail[]> {
    if (chains.length === 0) return [];
    const roles = await this.chains.rolesOf(chains.map((c) => c.id));
    const unitIds = [...new Set(roles.map((r) => r.unitId).filter((id): id is number => id !== null))];
    const units = new Map((await this.units.named(unitIds)).map((u) => [u.id, { id: u.id, name: u.name }]));
    const unitsWith = (list: ChainRoleEntity[], role: ChainRole) => list.filter((r) => r.role === role && r.unitId !== null).map((r) => units.get(r.unitId!)!);

    return chains.map((chain) => {
      const mine = roles.filter((r) => r.chainId === chain.id);
      return {
        id: chain.id,
        name: chain.name,
        category: chain.category,
        cluster: chain.cluster,
        future: chain.isFuture,
        note: chain.note,
        leaders: mine.filter((r) => LEADER_ROLES.includes(r.role)).map((r) => ({ role: r.role, name: r.holderName ?? '', userId: r.userId })),
        leadUnits: unitsWith(mine, 'LEAD_UNIT'),
        participantUnits: unitsWith(mine, 'PARTICIPANT'),
        allianceUnits: unitsWith(mine, 'ALLIANCE'),
        taskForce: {
          unit: unitsWith(mine, 'TASK_FORCE')[0] ?? null,
          members: mine.filter((r) => r.role === 'TASK_FORCE' && r.userId !== null).map((r) => ({ userId: r.userId!, name: r.holderName ?? '' })),
        },
      };
    });
  }
}
