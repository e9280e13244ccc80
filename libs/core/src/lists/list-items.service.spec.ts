import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { FixedClock } from '@duban/domain';
import type { ChainsRepository, ListItemRow, ListItemsRepository, Transactions, Tx, UnitEntity, UnitsRepository } from '@duban/persistence';
import type { AuthUser } from '../auth/auth-user';
import type { FilesService } from '../files/files.service';
import type { ZoneService } from '../profiles/zone.service';
import { ListItemsService } from './list-items.service';

/*
 * ListItemsService over mocked repositories: who may adjust a chain's four lists, who owns an
 * item (the domain's rule), and the month each change is filed under, in the profile's zone.
 */
// 00:30 on 1 August in Beijing, still 31 July in UTC.
const NOW = new Date('2026-07-31T16:30:00Z');
const LEAD = 10;
const lead: AuthUser = { id: 5, username: 'gxj', displayName: '李明', roles: ['LEAD_UNIT'], unitId: LEAD, mustChangePassword: false };
const liaison: AuthUser = { id: 6, username: 'gaoxin', displayName: '刘洋', roles: ['UNIT_LIAISON'], unitId: 30, mustChangePassword: false };

function item(patch: Partial<ListItemRow> = {}): ListItemRow {
  return {
    id: 70,
    chainId: 1,
    type: 'PARK',
    name: '郑州高新区智能传感谷',
    ownerUnitId: 30,
    ownerUnitName: '高新区',
    detail: null,
    addedAt: NOW,
    addedMonth: '2026-08',
    addedBy: 5,
    addedReason: null,
    removedAt: null,
    removedMonth: null,
    removedBy: null,
    removedReason: null,
    ...patch,
  };
}

const TX = { tx: 'the transaction' } as unknown as Tx;

function setup(zone = 'Asia/Shanghai') {
  const items = {
    live: jest.fn(async () => [item()]),
    addedIn: jest.fn(async () => [item(), item({ id: 71, type: 'PROJECT' })]),
    removedIn: jest.fn(async () => [item({ id: 71, type: 'PROJECT', removedAt: NOW, removedReason: '项目已建成投产' })]),
    find: jest.fn(async () => item()),
    add: jest.fn(async () => 70),
    remove: jest.fn(async () => true),
  } as unknown as jest.Mocked<ListItemsRepository>;
  const chains = { exists: jest.fn(async () => true), leadUnits: jest.fn(async () => [LEAD]) } as unknown as jest.Mocked<ChainsRepository>;
  const units = { find: jest.fn(async (id: number) => ({ id, kind: id === LEAD ? 'DEPARTMENT' : 'ZONE' }) as UnitEntity) } as unknown as jest.Mocked<UnitsRepository>;
  const zones = { zone: jest.fn(async () => zone) } as unknown as jest.Mocked<ZoneService>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const files = {
    assertFileIds: jest.fn(),
    attachWithin: jest.fn(async () => []),
    ofSubject: jest.fn(async () => []),
    ofSubjects: jest.fn(async (_t: string, ids: number[]) => new Map(ids.map((id) => [id, []]))),
  } as unknown as jest.Mocked<FilesService>;
  return { service: new ListItemsService(items, chains, units, new FixedClock(NOW), zones, transactions, files), items, chains, units, files };
}

describe('ListItemsService', () => {
  it("adds a park owned by its zone, filed under the month in the profile's zone", async () => {
    const { service, items } = setup();
    const view = await service.add(lead, 1, { type: 'PARK', name: '郑州高新区智能传感谷', ownerUnitId: 30, reason: '7月例会新增' });
    expect(items.add).toHaveBeenCalledWith(
      { chainId: 1, type: 'PARK', name: '郑州高新区智能传感谷', ownerUnitId: 30, detail: null, at: NOW, month: '2026-08', by: 5, reason: '7月例会新增' },
      TX,
    );
    expect(view).toMatchObject({ id: 70, ownerUnitName: '高新区', addedAt: NOW.toISOString(), removedAt: null });

    const utc = setup('UTC');
    await utc.service.add(lead, 1, { type: 'PARK', name: '园区', ownerUnitId: 30 });
    expect(utc.items.add).toHaveBeenCalledWith(expect.objectContaining({ month: '2026-07' }), TX);
  });

  it("gives a key matter to the chain's lead department when no owner is named", async () => {
    const { service, items } = setup();
    await service.add(lead, 1, { type: 'MATTER', name: '突破MEMS传感器晶圆制造瓶颈' });
    expect(items.add).toHaveBeenCalledWith(expect.objectContaining({ type: 'MATTER', ownerUnitId: LEAD }), TX);
  });

  it('refuses, writing nothing: another unit’s staff (403), an owner against the rule or unknown (400), an unknown chain (404)', async () => {
    const { service, items, chains, units } = setup();
    await expect(service.add(liaison, 1, { type: 'ENTERPRISE', name: '越权添加', ownerUnitId: 30 })).rejects.toThrow(ForbiddenException);
    await expect(service.add(lead, 1, { type: 'PARK', name: '错误归属', ownerUnitId: LEAD })).rejects.toThrow(
      new BadRequestException('ownerUnitId: a PARK belongs to a development zone or district, not a DEPARTMENT'),
    );
    units.find.mockResolvedValueOnce(null);
    await expect(service.add(lead, 1, { type: 'PARK', name: '园区', ownerUnitId: 404 })).rejects.toThrow('ownerUnitId: no unit with id 404');
    chains.exists.mockResolvedValueOnce(false);
    await expect(service.add(lead, 9, { type: 'MATTER', name: '事项' })).rejects.toThrow(new NotFoundException('chain 9 not found'));
    expect(items.add).not.toHaveBeenCalled();
  });

  it('removes a live item with its reason and month; 404 when it is not live on that chain', async () => {
    const { service, items } = setup();
    await service.remove(lead, 1, 71, '项目已建成投产');
    expect(items.remove).toHaveBeenCalledWith(1, 71, { at: NOW, month: '2026-08', by: 5, reason: '项目已建成投产' }, TX);
    items.remove.mockResolvedValueOnce(false);
    await expect(service.remove(lead, 1, 71, '再次调出')).rejects.toThrow(new NotFoundException("list item 71 is not on chain 1's live lists"));
    await expect(service.remove(liaison, 1, 70, '越权')).rejects.toThrow(ForbiddenException);
  });

  it("counts a month's additions and removals per list, this month by default", async () => {
    const { service, items } = setup();
    const history = await service.history(1);
    expect(items.addedIn).toHaveBeenCalledWith(1, '2026-08');
    expect(history.month).toBe('2026-08');
    expect(history.summary).toEqual({ MATTER: { added: 0, removed: 0 }, PARK: { added: 1, removed: 0 }, ENTERPRISE: { added: 0, removed: 0 }, PROJECT: { added: 1, removed: 1 } });
    expect(history.removed[0]).toMatchObject({ removedReason: '项目已建成投产', removedAt: NOW.toISOString() });
  });
});
