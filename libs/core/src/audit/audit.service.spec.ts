import { FixedClock } from '@duban/domain';
import type { AuditEntryEntity, AuditRepository, Tx } from '@duban/persistence';
import { RequestContext } from '../common/request-context';
import { AuditService } from './audit.service';

/* AuditService over a mocked repository: an entry is appended in the caller's transaction, stamped with the clock and the request's address. */
const NOW = new Date('2026-07-01T02:00:00Z');
const TX = { tx: 'the transaction' } as unknown as Tx;

function setup() {
  const entry: AuditEntryEntity = {
    id: '12',
    at: NOW,
    actorId: 1,
    action: 'unit.create',
    target: 'unit',
    targetId: '30',
    before: null,
    after: { name: '航空港区' },
    address: '10.8.0.5',
  };
  const audit = {
    append: jest.fn(async () => undefined),
    list: jest.fn(async () => ({ rows: [entry], total: 31 })),
    actorNames: jest.fn(async () => new Map([[1, '系统管理员']])),
  } as unknown as jest.Mocked<AuditRepository>;
  return { service: new AuditService(audit, new FixedClock(NOW)), audit };
}

describe('AuditService', () => {
  it("appends in the caller's transaction, with the clock's time and the request's address", async () => {
    const { service, audit } = setup();
    await RequestContext.run({ address: '10.8.0.5' }, () => service.record(TX, 1, { action: 'unit.create', target: 'unit', targetId: 30, after: { name: '航空港区' } }));
    expect(audit.append).toHaveBeenCalledWith(TX, { action: 'unit.create', target: 'unit', targetId: 30, after: { name: '航空港区' }, at: NOW, actorId: 1, address: '10.8.0.5' });
    await service.record(null, null, { action: 'login.failure', target: 'session' });
    expect(audit.append).toHaveBeenLastCalledWith(null, expect.objectContaining({ actorId: null, address: null }));
  });

  it("pages the log newest first as the api answers it, with each actor's name", async () => {
    const { service, audit } = setup();
    const page = await service.list({ target: 'unit' }, { page: 2, pageSize: 30 });
    expect(audit.list).toHaveBeenCalledWith({ target: 'unit' }, { skip: 30, take: 30 });
    expect(audit.actorNames).toHaveBeenCalledWith([1]);
    expect(page).toEqual({
      total: 31,
      items: [
        {
          id: '12',
          at: NOW.toISOString(),
          actorId: 1,
          actorName: '系统管理员',
          action: 'unit.create',
          target: 'unit',
          targetId: '30',
          before: null,
          after: { name: '航空港区' },
          address: '10.8.0.5',
        },
      ],
    });
  });
});
