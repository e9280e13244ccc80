import { BadRequestException, ConflictException } from '@nestjs/common';
import type { Transactions, Tx, UnitEntity, UnitsRepository } from '@duban/persistence';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import type { References } from '../common/references.service';
import { UnitsService } from './units.service';

/* UnitsService over mocked repositories: the directory's pages, and a new unit checked, inserted and audited in one transaction. */
const TX = { tx: 'the transaction' } as unknown as Tx;
const ADMIN: AuthUser = { id: 1, username: 'admin', displayName: '系统管理员', roles: ['ADMIN'], unitId: null, mustChangePassword: false };

function unit(patch: Partial<UnitEntity> = {}): UnitEntity {
  return {
    id: 30,
    name: '航空港区',
    fullName: '郑州航空港经济综合实验区',
    kind: 'ZONE',
    parentId: null,
    duties: null,
    profile: null,
    aliases: null,
    memberOf: null,
    createdAt: new Date('2026-07-01T00:00:00Z'),
    ...patch,
  };
}

function setup() {
  const units = {
    list: jest.fn(async () => ({ rows: [unit(), unit({ id: 31, name: '金水区', fullName: null, kind: 'DISTRICT' })], total: 40 })),
    nameTaken: jest.fn(async () => false),
    insert: jest.fn(async () => unit()),
  } as unknown as jest.Mocked<UnitsRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const audit = { record: jest.fn(async () => undefined) } as unknown as jest.Mocked<AuditService>;
  const references = { assert: jest.fn(async () => undefined) } as unknown as jest.Mocked<References>;
  return { service: new UnitsService(units, transactions, audit, references), units, transactions, audit, references };
}

describe('UnitsService', () => {
  it('answers a page of the directory, filtered by kind', async () => {
    const { service, units } = setup();
    const page = await service.list({ kind: 'ZONE' }, { page: 3, pageSize: 20 });
    expect(units.list).toHaveBeenCalledWith({ kind: 'ZONE' }, { skip: 40, take: 20 });
    expect(page).toEqual({
      total: 40,
      items: [
        { id: 30, name: '航空港区', fullName: '郑州航空港经济综合实验区', kind: 'ZONE', parentId: null },
        { id: 31, name: '金水区', fullName: null, kind: 'DISTRICT', parentId: null },
      ],
    });
  });

  it('creates a unit under a known parent and audits it, in one transaction', async () => {
    const { service, units, audit, references, transactions } = setup();
    units.insert.mockResolvedValue(unit({ parentId: 2 }));
    const view = await service.create(ADMIN, { name: '航空港区', kind: 'ZONE', fullName: '郑州航空港经济综合实验区', parentId: 2 });
    expect(transactions.run).toHaveBeenCalledTimes(1);
    expect(references.assert).toHaveBeenCalledWith(TX, 'unit', 'parentId', [2]);
    expect(units.insert).toHaveBeenCalledWith(TX, { name: '航空港区', kind: 'ZONE', fullName: '郑州航空港经济综合实验区', parentId: 2 });
    expect(audit.record).toHaveBeenCalledWith(TX, ADMIN.id, { action: 'unit.create', target: 'unit', targetId: 30, after: view });
    expect(view).toEqual({ id: 30, name: '航空港区', fullName: '郑州航空港经济综合实验区', kind: 'ZONE', parentId: 2 });
  });

  it('refuses a taken name (409) and an unknown parent (400), inserting nothing', async () => {
    const taken = setup();
    taken.units.nameTaken.mockResolvedValue(true);
    await expect(taken.service.create(ADMIN, { name: '金水区', kind: 'DISTRICT' })).rejects.toThrow(new ConflictException('name: a unit named 金水区 already exists'));

    const orphan = setup();
    orphan.references.assert.mockRejectedValue(new BadRequestException('parentId: no unit with id 99'));
    await expect(orphan.service.create(ADMIN, { name: '新区', kind: 'ZONE', parentId: 99 })).rejects.toThrow('parentId: no unit with id 99');
    for (const s of [taken, orphan]) {
      expect(s.units.insert).not.toHaveBeenCalled();
      expect(s.audit.record).not.toHaveBeenCalled();
    }
  });
});
