import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { FixedClock, WorkCalendar } from '@duban/domain';
import type { CadenceColumns, CadenceEntity, CadencesRepository, Transactions, Tx } from '@duban/persistence';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import type { CalendarService } from '../calendar/calendar.service';
import type { References } from '../common/references.service';
import type { ZoneService } from '../profiles/zone.service';
import { CadenceInput, CadencesService } from './cadences.service';

/*
 * CadencesService over mocked repositories: a rule is checked before anything is written; each
 * change is one conditional write with its audit entry, in one transaction.
 */
const NOW = new Date('2026-07-01T00:00:00Z');
const TX = { tx: 'the change' } as unknown as Tx;
const admin: AuthUser = { id: 1, username: 'admin', displayName: '管理员', roles: ['ADMIN'], unitId: null, mustChangePassword: false };
const INPUT: CadenceInput = {
  name: '月度进展报送',
  kind: 'REPORT',
  frequency: 'MONTHLY',
  dayOfMonth: 20,
  time: '18:00',
  shift: 'NONE',
  activeFrom: new Date('2026-07-01T00:00:00Z'),
  owingUnitKinds: ['ZONE'],
  receiverUnitId: 10,
};

function stored(columns: CadenceColumns, patch: Partial<CadenceEntity> = {}): CadenceEntity {
  return { id: 3, ...columns, profile: null, version: 1, materialisedUntil: null, deletedAt: null, createdAt: NOW, updatedAt: NOW, ...patch } as CadenceEntity;
}

function setup(existing: CadenceEntity | null = null, zone = 'Asia/Shanghai') {
  let current = existing;
  const repo = {
    page: jest.fn(async () => ({ rows: current ? [current] : [], total: current ? 1 : 0 })),
    find: jest.fn(async () => current),
    findByName: jest.fn(async () => null as CadenceEntity | null),
    insert: jest.fn(async (_tx: Tx, columns: CadenceColumns) => (current = stored(columns))),
    replaceRule: jest.fn(async (_tx: Tx, _id: number, version: number, columns: CadenceColumns) => {
      current = stored(columns, { version: version + 1 });
      return true;
    }),
    softDelete: jest.fn(async () => true),
  } as unknown as jest.Mocked<CadencesRepository>;
  const calendar = { calendar: jest.fn(async () => new WorkCalendar(new Map())) } as unknown as jest.Mocked<CalendarService>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const audit = { record: jest.fn(async () => undefined) } as unknown as jest.Mocked<AuditService>;
  const references = { assert: jest.fn(async () => undefined) } as unknown as jest.Mocked<References>;
  const zones = { zone: jest.fn(async () => zone) } as unknown as jest.Mocked<ZoneService>;
  const service = new CadencesService(repo, calendar, new FixedClock(NOW), transactions, audit, references, zones);
  return { service, repo, audit, references, transactions };
}

describe('CadencesService', () => {
  it("creates a cadence in the profile's zone when it names none, with its audit entry, in one transaction", async () => {
    const { service, repo, audit, references } = setup(null, 'Asia/Urumqi');
    const view = await service.create(admin, INPUT);
    expect(repo.insert).toHaveBeenCalledWith(
      TX,
      expect.objectContaining({ name: '月度进展报送', time: '18:00:00', timezone: 'Asia/Urumqi', owingUnitKinds: ['ZONE'], policyId: null }),
    );
    expect(view).toMatchObject({ id: 3, timezone: 'Asia/Urumqi', activeTo: null, version: 1 });
    expect(audit.record).toHaveBeenCalledWith(TX, admin.id, { action: 'cadence.create', target: 'cadence', targetId: 3, after: { ...view } });
    expect(references.assert).toHaveBeenCalledWith(null, 'unit', 'receiverUnitId', [10]);

    await service.create(admin, { ...INPUT, timezone: 'Europe/Berlin' });
    expect(repo.insert).toHaveBeenLastCalledWith(TX, expect.objectContaining({ timezone: 'Europe/Berlin' }));
  });

  it("inside a caller's transaction (an import's commit), opens none of its own", async () => {
    const { service, repo, transactions } = setup();
    await service.create(admin, INPUT, TX);
    expect(transactions.run).not.toHaveBeenCalled();
    expect(repo.insert).toHaveBeenCalledWith(TX, expect.anything());
  });

  it('refuses a bad rule with every problem named (400), and a name taken (409), writing nothing', async () => {
    const { service, repo } = setup();
    const bad = service.create(admin, { ...INPUT, timezone: 'Mars/Olympus', owingUnitKinds: undefined, owingChainRoles: ['PARTICIPANT'] });
    await expect(bad).rejects.toThrow(BadRequestException);
    const response = (await bad.catch((e: BadRequestException) => e.getResponse())) as { message: string[] };
    expect(response.message).toEqual(expect.arrayContaining(['timezone Mars/Olympus is not an IANA time zone', 'owingChainRoles needs chainId']));
    repo.findByName.mockResolvedValue(stored({ ...({} as CadenceColumns), name: INPUT.name }, { id: 9 }));
    await expect(service.create(admin, INPUT)).rejects.toThrow(ConflictException);
    expect(repo.insert).not.toHaveBeenCalled();
  });

  it('replaces a rule by one conditional write on its version, audited before and after; 409 when it moved on', async () => {
    const columns = { ...(INPUT as unknown as CadenceColumns), time: '18:00:00', timezone: 'Asia/Shanghai' };
    const { service, repo, audit } = setup(stored(columns, { version: 2 }));
    const after = await service.update(admin, 3, { ...INPUT, dayOfMonth: 25 });
    expect(repo.replaceRule).toHaveBeenCalledWith(TX, 3, 2, expect.objectContaining({ dayOfMonth: 25 }));
    expect(after).toMatchObject({ dayOfMonth: 25, version: 3 });
    expect(audit.record).toHaveBeenCalledWith(
      TX,
      admin.id,
      expect.objectContaining({ action: 'cadence.update', before: expect.objectContaining({ dayOfMonth: 20 }), after: expect.objectContaining({ dayOfMonth: 25 }) }),
    );

    repo.replaceRule.mockResolvedValue(false);
    await expect(service.update(admin, 3, INPUT)).rejects.toThrow(ConflictException);
  });

  it('deletes by one conditional write, audited; 404 for a cadence that is not there', async () => {
    const { service, repo, audit } = setup(stored({ ...(INPUT as unknown as CadenceColumns), timezone: 'Asia/Shanghai' }));
    await service.remove(admin, 3);
    expect(repo.softDelete).toHaveBeenCalledWith(TX, 3, 1, NOW);
    expect(audit.record).toHaveBeenCalledWith(TX, admin.id, expect.objectContaining({ action: 'cadence.delete', targetId: 3 }));
    await expect(setup(null).service.remove(admin, 3)).rejects.toThrow(NotFoundException);
  });

  it('previews the due instants of a span on the work calendar', async () => {
    const { service } = setup(
      stored({ ...(INPUT as unknown as CadenceColumns), time: '18:00:00', timezone: 'Asia/Shanghai', activeTo: null, dayOfMonth: 20, weekday: null, nth: null, month: null }),
    );
    const preview = await service.preview(3, new Date('2026-07-01T00:00:00Z'), new Date('2026-08-31T00:00:00Z'));
    expect(preview).toEqual({
      items: [
        { period: '2026-07', localDate: '2026-07-20', dueAt: '2026-07-20T10:00:00.000Z' },
        { period: '2026-08', localDate: '2026-08-20', dueAt: '2026-08-20T10:00:00.000Z' },
      ],
      total: 2,
    });
    await expect(service.preview(3, new Date('2026-08-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z'))).rejects.toThrow('to must not be before from');
  });
});
