import ExcelJS from 'exceljs';
import { FixedClock } from '@duban/domain';
import type { SupervisionBoardRow, SupervisionRepository } from '@duban/persistence';
import type { AuthUser } from '../auth/auth-user';
import type { ZoneService } from '../profiles/zone.service';
import { EXPORT_LIMIT, SupervisionService } from './supervision.service';

/* SupervisionService over mocked repositories: the board within the caller's scope, its export in the profile's zone, and its counts. */
const NOW = new Date('2026-08-07T01:00:00Z');
const liaison: AuthUser = { id: 6, username: 'erqi', displayName: '张伟', roles: ['UNIT_LIAISON'], unitId: 31, mustChangePassword: false };

const ROW: SupervisionBoardRow = {
  id: 66,
  subjectType: 'TASK',
  subjectId: 802,
  level: 2,
  reason: '逾期未办',
  ownerUnitId: 31,
  chainId: 1,
  openedAt: new Date('2026-08-06T01:00:00Z'),
  closedAt: null,
  subjectTitle: '二七区落实传感器配套项目选址',
  ownerUnitName: '二七区',
  chainName: '智能传感器',
  dueAt: new Date('2026-08-03T02:00:00Z'),
};

function setup(zone = 'Asia/Shanghai') {
  const entries = {
    board: jest.fn(async () => ({ rows: [ROW], total: 1 })),
    openByLevel: jest.fn(async () => [
      { level: 1, count: 4 },
      { level: 2, count: 2 },
    ]),
    openByUnit: jest.fn(async () => [{ unitId: 31, unitName: '二七区', count: 6, maxLevel: 2 }]),
    openByChain: jest.fn(async () => [{ chainId: 1, chainName: '智能传感器', count: 6 }]),
  } as unknown as jest.Mocked<SupervisionRepository>;
  const zones = { zone: jest.fn(async () => zone) } as unknown as jest.Mocked<ZoneService>;
  return { service: new SupervisionService(entries, new FixedClock(NOW), zones), entries };
}

describe('SupervisionService', () => {
  it("pages the board within the caller's scope, with whole days overdue", async () => {
    const { service, entries } = setup();
    const page = await service.list(liaison, { open: true }, { page: 2, pageSize: 10 });
    expect(entries.board).toHaveBeenCalledWith({ open: true }, expect.objectContaining({ sql: expect.stringContaining('e.owner_unit_id = ?'), params: [31] }), {
      skip: 10,
      take: 10,
    });
    expect(page.items[0]).toMatchObject({ id: 66, overdueDays: 3, dueAt: '2026-08-03T02:00:00.000Z', closedAt: null });
  });

  it("exports up to the limit with the times in the profile's zone", async () => {
    const { service, entries } = setup();
    const exported = await service.exportWorkbook(liaison, {});
    expect(entries.board).toHaveBeenCalledWith({}, expect.anything(), { skip: 0, take: EXPORT_LIMIT });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.workbook as unknown as ArrayBuffer);
    expect(book.worksheets[0].getRow(2).values).toEqual(expect.arrayContaining(['督办', '二七区落实传感器配套项目选址', '任务', '2026-08-03 10:00', 3]));
    expect(exported).toMatchObject({ rows: 1, total: 1, localDate: '2026-08-07' });

    const utc = await setup('UTC').service.exportWorkbook(liaison, {});
    const utcBook = new ExcelJS.Workbook();
    await utcBook.xlsx.load(utc.workbook as unknown as ArrayBuffer);
    expect(utcBook.worksheets[0].getRow(2).values).toEqual(expect.arrayContaining(['2026-08-03 02:00']));
  });

  it('counts the open entries by level, unit and chain', async () => {
    const { service } = setup();
    expect(await service.summary(liaison)).toEqual({
      open: 6,
      byLevel: [
        { level: 1, count: 4 },
        { level: 2, count: 2 },
      ],
      byUnit: [{ unitId: 31, unitName: '二七区', count: 6, maxLevel: 2 }],
      byChain: [{ chainId: 1, chainName: '智能传感器', count: 6 }],
    });
  });
});
