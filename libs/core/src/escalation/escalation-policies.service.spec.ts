import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { FixedClock, PolicyStep, WorkCalendar } from '@duban/domain';
import { SUBJECTS, type EngineRepository, type EscalationPoliciesRepository, type EscalationPolicyEntity, type SubjectTable, type Transactions, type Tx } from '@duban/persistence';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import type { CalendarService } from '../calendar/calendar.service';
import type { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import type { ZoneService } from '../profiles/zone.service';
import { EscalationPoliciesService } from './escalation-policies.service';

/*
 * EscalationPoliciesService over mocked repositories: a policy's change is one conditional write
 * with its audit entry, and the subjects following it take its new steps from now on, in the same
 * transaction; their next steps are armed after the commit.
 */
const NOW = new Date('2026-07-10T00:00:00Z');
const TX = { tx: 'the change' } as unknown as Tx;
const admin: AuthUser = { id: 1, username: 'admin', displayName: '管理员', roles: ['ADMIN'], unitId: null, mustChangePassword: false };
const STEPS: PolicyStep[] = [
  { offset: -1, calendar: 'workday', action: 'remind' },
  { offset: 'PT0S', calendar: 'natural', action: 'due' },
];
const policy = (patch: Partial<EscalationPolicyEntity> = {}): EscalationPolicyEntity => ({ id: 4, name: '重点任务', steps: STEPS, version: 2, createdAt: NOW, ...patch });
// Monday 2026-07-20 09:00 in Shanghai.
const DUE = new Date('2026-07-20T01:00:00Z');

function setup(zone = 'Asia/Shanghai') {
  const policies = {
    page: jest.fn(async () => ({ rows: [policy()], total: 1 })),
    find: jest.fn(async () => policy() as EscalationPolicyEntity | null),
    findByName: jest.fn(async () => null as EscalationPolicyEntity | null),
    insert: jest.fn(async (_tx: Tx, p: { name: string; steps: PolicyStep[] }) => policy({ id: 5, ...p, version: 1 })),
    update: jest.fn(async () => true),
    usedBy: jest.fn(async () => null),
    remove: jest.fn(async () => undefined),
  } as unknown as jest.Mocked<EscalationPoliciesRepository>;
  const engine = {
    dueInstantsFollowing: jest.fn(async (_tx: Tx, subject: SubjectTable) => (subject.type === 'TASK' ? [DUE] : [])),
    restartFollowing: jest.fn(async () => undefined),
  } as unknown as jest.Mocked<EngineRepository>;
  const calendars = { calendar: jest.fn(async () => new WorkCalendar(new Map())) } as unknown as jest.Mocked<CalendarService>;
  const zones = { zone: jest.fn(async () => zone) } as unknown as jest.Mocked<ZoneService>;
  const trigger = { arm: jest.fn(async () => undefined) } as unknown as jest.Mocked<DeadlineTriggerService>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const audit = { record: jest.fn(async () => undefined) } as unknown as jest.Mocked<AuditService>;
  const service = new EscalationPoliciesService(policies, engine, calendars, zones, new FixedClock(NOW), trigger, transactions, audit);
  return { service, policies, engine, trigger, audit };
}

describe('EscalationPoliciesService', () => {
  it('creates a policy with its steps normalised, audited, in one transaction; refuses a taken name (409) and steps out of time order (400)', async () => {
    const { service, policies, audit } = setup();
    const view = await service.create(admin, { name: '专项任务', steps: [{ ...STEPS[0], notify: [] }, STEPS[1]] });
    expect(policies.insert).toHaveBeenCalledWith(TX, { name: '专项任务', steps: STEPS });
    expect(audit.record).toHaveBeenCalledWith(TX, admin.id, {
      action: 'escalation-policy.create',
      target: 'escalation-policy',
      targetId: 5,
      after: { name: '专项任务', steps: STEPS },
    });
    expect(view).toMatchObject({ id: 5, steps: STEPS });

    await expect(service.create(admin, { name: 'x', steps: [STEPS[1], STEPS[0]] })).rejects.toThrow('steps must be in time order: steps[1] falls before steps[0]');
    policies.findByName.mockResolvedValue(policy());
    await expect(service.create(admin, { name: '重点任务', steps: STEPS })).rejects.toThrow(ConflictException);
    expect(policies.insert).toHaveBeenCalledTimes(1);
  });

  it("updates conditionally on the version read, audited, and moves the following subjects to its new steps in the profile's zone; arms them after the commit", async () => {
    const { service, policies, engine, trigger, audit } = setup();
    const steps: PolicyStep[] = [{ offset: -2, calendar: 'workday', action: 'remind' }, STEPS[1]];
    await service.update(admin, 4, { name: '重点任务', steps });
    expect(policies.update).toHaveBeenCalledWith(TX, 4, 2, { name: '重点任务', steps });
    expect(audit.record).toHaveBeenCalledWith(
      TX,
      admin.id,
      expect.objectContaining({ action: 'escalation-policy.update', before: { name: '重点任务', steps: STEPS }, after: { name: '重点任务', steps } }),
    );
    for (const subject of Object.values(SUBJECTS)) expect(engine.dueInstantsFollowing).toHaveBeenCalledWith(TX, subject, 4);
    // Two working days before Monday 09:00: Thursday 07-16 09:00 in Shanghai.
    const next = new Date('2026-07-16T01:00:00Z');
    expect(engine.restartFollowing).toHaveBeenCalledWith(TX, SUBJECTS.TASK, 4, DUE, { nextStep: 0, nextStepAt: next });
    expect(engine.restartFollowing).toHaveBeenCalledTimes(1);
    expect(trigger.arm).toHaveBeenCalledWith([next]);
  });

  it('answers 409 when the policy was changed meanwhile, moving no subject and arming nothing', async () => {
    const { service, policies, engine, trigger } = setup();
    policies.update.mockResolvedValue(false);
    await expect(service.update(admin, 4, { name: '重点任务', steps: STEPS })).rejects.toThrow(ConflictException);
    expect(engine.restartFollowing).not.toHaveBeenCalled();
    expect(trigger.arm).not.toHaveBeenCalled();
  });

  it("previews when each step falls for a due instant, on the work calendar, in the profile's zone", async () => {
    const shanghai = await setup().service.preview(STEPS, DUE);
    expect(shanghai.items.map((i) => i.at)).toEqual(['2026-07-17T01:00:00.000Z', DUE.toISOString()]);
    // In New York the due instant is Sunday evening: a working day before is Friday evening there.
    const newYork = await setup('America/New_York').service.preview(STEPS, DUE);
    expect(newYork.items.map((i) => i.at)).toEqual(['2026-07-18T01:00:00.000Z', DUE.toISOString()]);
  });

  it('refuses to delete a policy in use (409) or missing (404); deletes an unused one, audited', async () => {
    const { service, policies, audit } = setup();
    policies.usedBy.mockResolvedValueOnce('obligations');
    await expect(service.remove(admin, 4)).rejects.toThrow('the policy is used by obligations; it cannot be deleted');
    await service.remove(admin, 4);
    expect(policies.remove).toHaveBeenCalledWith(TX, 4);
    expect(audit.record).toHaveBeenCalledWith(TX, admin.id, expect.objectContaining({ action: 'escalation-policy.delete', targetId: 4 }));
    policies.find.mockResolvedValue(null);
    await expect(service.remove(admin, 9)).rejects.toThrow(NotFoundException);
    expect(policies.remove).toHaveBeenCalledTimes(1);
  });

  it('refuses a preview of steps out of time order', async () => {
    await expect(setup().service.preview([STEPS[1], STEPS[0]], DUE)).rejects.toThrow(BadRequestException);
  });
});
