import { NotFoundException } from '@nestjs/common';
import type { ChainEntity, ChainRoleEntity, ChainsRepository, UnitsRepository, ProfilesRepository } from '@duban/persistence';
import { ChainsService } from './chains.service';

/* ChainsService over mocked repositories: each chain with its leaders, units by role and task force, as the profile orders them. */
const SENSORS: ChainEntity = {
  id: 1,
  name: '智能传感器',
  category: 'EMERGING',
  cluster: null,
  isFuture: false,
  note: null,
  profile: 'zhengzhou-2021',
  createdAt: new Date('2026-07-01T00:00:00Z'),
};

let roleId = 0;
function role(patch: Partial<ChainRoleEntity>): ChainRoleEntity {
  return { id: ++roleId, chainId: 1, role: 'PARTICIPANT', unitId: null, userId: null, holderName: null, memberKey: `k${roleId}`, position: roleId, ...patch };
}

function setup(chain: ChainEntity | null = SENSORS) {
  const roles = [
    role({ role: 'LEADER', holderName: '史占勇', userId: 9 }),
    role({ role: 'LEAD_UNIT', unitId: 10 }),
    role({ role: 'PARTICIPANT', unitId: 11 }),
    role({ role: 'PARTICIPANT', unitId: 12 }),
    role({ role: 'TASK_FORCE', unitId: 10 }),
    role({ role: 'TASK_FORCE', userId: 20, holderName: '王静' }),
    role({ chainId: 2, role: 'LEAD_UNIT', unitId: 12 }),
  ];
  const chains = {
    list: jest.fn(async () => ({ rows: chain ? [chain] : [], total: chain ? 15 : 0 })),
    find: jest.fn(async () => chain),
    rolesOf: jest.fn(async () => roles),
  } as unknown as jest.Mocked<ChainsRepository>;
  const units = {
    named: jest.fn(async () => [
      { id: 10, name: '市工信局' },
      { id: 11, name: '市科技局' },
      { id: 12, name: '市商务局' },
    ]),
  } as unknown as jest.Mocked<UnitsRepository>;
  const profiles = {
    meetingTypesOf: jest.fn(async () => [{ profile: 'zhengzhou-2021', types: [{ type: 'TOPICAL', name: '专题会', convenerRoles: ['LEADER', 'LEAD_UNIT'] }] }]),
  } as unknown as jest.Mocked<ProfilesRepository>;
  return { service: new ChainsService(chains, units, profiles), chains, units };
}

describe('ChainsService', () => {
  it('describes a chain: its leaders, lead, participating and alliance units, and its task force with members', async () => {
    const { service, chains, units } = setup();
    const detail = await service.get(1);
    expect(chains.rolesOf).toHaveBeenCalledWith([1]);
    expect(units.named).toHaveBeenCalledWith([10, 11, 12]);
    expect(detail).toEqual({
      id: 1,
      name: '智能传感器',
      category: 'EMERGING',
      cluster: null,
      future: false,
      note: null,
      leaders: [{ role: 'LEADER', name: '史占勇', userId: 9 }],
      leadUnits: [{ id: 10, name: '市工信局' }],
      participantUnits: [
        { id: 11, name: '市科技局' },
        { id: 12, name: '市商务局' },
      ],
      allianceUnits: [],
      taskForce: { unit: { id: 10, name: '市工信局' }, members: [{ userId: 20, name: '王静' }] },
      meetingTypes: [{ type: 'TOPICAL', name: '专题会', convenerRoles: ['LEADER', 'LEAD_UNIT'] }],
    });
  });

  it('lists a page of chains without their task forces', async () => {
    const { service, chains } = setup();
    const page = await service.list({ category: 'EMERGING' }, { page: 1, pageSize: 20 });
    expect(chains.list).toHaveBeenCalledWith({ category: 'EMERGING' }, { skip: 0, take: 20 });
    expect(page.total).toBe(15);
    expect(page.items[0]).not.toHaveProperty('taskForce');
    expect(page.items[0].leadUnits).toEqual([{ id: 10, name: '市工信局' }]);
  });

  it('answers 404 for an unknown chain', async () => {
    const { service } = setup(null);
    await expect(service.get(99)).rejects.toThrow(new NotFoundException('chain 99 not found'));
  });
});
