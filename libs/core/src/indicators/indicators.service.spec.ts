import { FixedClock } from '@duban/domain';
import type { IndicatorsRepository, UnitsRepository } from '@duban/persistence';
import type { AuthUser } from '../auth/auth-user';
import type { ZoneService } from '../profiles/zone.service';
import { indicatorUnits, IndicatorsService } from './indicators.service';

/*
 * IndicatorsService over mocked repositories: each unit's target comes from the newest plan not after
 * the year asked, named; the latest figure of the year is compared with it by the domain's rule.
 */
const user = (roles: AuthUser['roles'], unitId: number | null = 30): AuthUser => ({ id: 1, username: 'u', displayName: 'u', roles, unitId, mustChangePassword: false });

function setup() {
  const repo = {
    indicators: jest.fn(async () => [
      { id: 1, key: 'growth', name: '规上工业增加值增速', unit: '%', kind: 'GROWTH_RATE' },
      { id: 2, key: 'firms', name: '规上工业新增入库企业数量', unit: '户', kind: 'COUNT' },
    ]),
    targetsUpTo: jest.fn(async () => [
      { unitId: 30, indicatorId: 1, year: 2021, value: 12, source: '2021年附表1' },
      { unitId: 30, indicatorId: 1, year: 2024, value: 8, source: '2024年附表1' },
      { unitId: 30, indicatorId: 2, year: 2021, value: 60, source: '2021年附表1' },
      { unitId: 31, indicatorId: 1, year: 2021, value: 7, source: '2021年附表1' },
    ]),
    actualsOfYear: jest.fn(async () => [
      { obligationId: 5, indicatorId: 1, unitId: 30, period: '2026-06', value: 7.5, reportedAt: new Date('2026-06-19T02:00:00Z') },
      { obligationId: 5, indicatorId: 2, unitId: 30, period: '2026-06', value: 70, reportedAt: new Date('2026-06-19T02:00:00Z') },
      { obligationId: 9, indicatorId: 1, unitId: 30, period: '2026-07', value: 8.2, reportedAt: new Date('2026-07-18T02:00:00Z') },
    ]),
  } as unknown as jest.Mocked<IndicatorsRepository>;
  const units = {
    named: jest.fn(async () => [
      { id: 30, name: '高新区' },
      { id: 31, name: '二七区' },
    ]),
  } as unknown as jest.Mocked<UnitsRepository>;
  const zone = { zone: jest.fn(async () => 'Asia/Shanghai') } as unknown as ZoneService;
  return { service: new IndicatorsService(repo, units, new FixedClock(new Date('2026-12-31T17:00:00Z')), zone), repo };
}

describe('IndicatorsService', () => {
  it('compares each unit’s latest figure of the year with the newest plan’s target, naming the plan', async () => {
    const { service, repo } = setup();
    const overview = await service.overview(user(['SUPERVISOR']), 2026);
    expect(repo.targetsUpTo).toHaveBeenCalledWith(2026, null);
    expect(overview.year).toBe(2026);
    expect(overview.units.map((u) => u.unitName)).toEqual(['高新区', '二七区']);
    expect(overview.units[0].indicators).toEqual([
      {
        key: 'growth',
        target: { value: 8, year: 2024, source: '2024年附表1' },
        actual: { value: 8.2, period: '2026-07', reportedAt: '2026-07-18T02:00:00.000Z' },
        met: true,
        months: [
          { period: '2026-06', value: 7.5 },
          { period: '2026-07', value: 8.2 },
        ],
      },
      {
        key: 'firms',
        target: { value: 60, year: 2021, source: '2021年附表1' },
        actual: { value: 70, period: '2026-06', reportedAt: '2026-06-19T02:00:00.000Z' },
        met: true,
        months: [{ period: '2026-06', value: 70 }],
      },
    ]);
    // 二七区 never reported: a target, no figure, not judged.
    expect(overview.units[1].indicators[0]).toEqual({ key: 'growth', target: { value: 7, year: 2021, source: '2021年附表1' }, actual: null, met: null, months: [] });
    expect(overview.units[1].indicators[1]).toMatchObject({ target: null, met: null });
  });

  it('takes the current year in the profile’s zone when none is asked (1 January 2027 in Zhengzhou)', async () => {
    const { service, repo } = setup();
    expect((await service.overview(user(['ADMIN']))).year).toBe(2027);
    expect(repo.actualsOfYear).toHaveBeenCalledWith(2027, null);
  });

  it('shows a liaison their own unit, and the city’s roles every unit', () => {
    expect(indicatorUnits(user(['UNIT_LIAISON'], 31))).toEqual([31]);
    expect(indicatorUnits(user(['UNIT_LIAISON'], null))).toEqual([]);
    for (const role of ['LEAD_UNIT', 'CHAIN_LEADER', 'SUPERVISOR', 'ADMIN'] as const) expect(indicatorUnits(user([role]))).toBeNull();
  });
});
