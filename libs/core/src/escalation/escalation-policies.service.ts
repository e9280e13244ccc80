import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Clock, futureCursor, PolicyStep, stepTime, WorkCalendar } from '@duban/domain';
import { EngineRepository, EscalationPoliciesRepository, EscalationPolicyEntity, SUBJECTS, Transactions, Tx } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { CalendarService } from '../calendar/calendar.service';
import { Page, PageRequest, pageOffset } from '../common/page';
import { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import { ZoneService } from '../profiles/zone.service';

export interface PolicyView {
  id: number;
  name: string;
  steps: PolicyStep[];
  createdAt: string;
}

// Step order is checked on a plain week: a policy must read in time order on any calendar.
const PLAIN_WEEK = new WorkCalendar(new Map());
const REFERENCE_DUE = new Date('2026-07-20T15:59:59Z');

/** Escalation policies: the steps a deadline walks (remind, due, urge, supervise, escalate). */
@Injectable()
export class EscalationPoliciesService {
  constructor(
    private readonly policies: EscalationPoliciesRepository,
    private readonly engine: EngineRepository,
    private readonly calendars: CalendarService,
    private readonly zones: ZoneService,
    private readonly clock: Clock,
    private readonly trigger: DeadlineTriggerService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async list(page: PageRequest): Promise<Page<PolicyView>> {
    const { rows, total } = await this.policies.page(pageOffset(page));
    return { items: rows.map(toPolicyView), total };
  }

  async get(id: number): Promise<PolicyView> {
    const row = await this.policies.find(id);
    if (!row) throw new NotFoundException(`escalation policy ${id} not found`);
    return toPolicyView(row);
  }

  async create(actor: AuthUser, input: { name: string; steps: PolicyStep[] }): Promise<PolicyView> {
    assertInTimeOrder(input.steps);
    if (await this.policies.findByName(input.name)) throw new ConflictException(`name: a policy named ${input.name} already exists`);
    return this.transactions.run(async (tx) => {
      const view = toPolicyView(await this.policies.insert(tx, { name: input.name, steps: input.steps.map(normaliseStep) }));
      await this.audit.record(tx, actor.id, { action: 'escalation-policy.create', target: 'escalation-policy', targetId: view.id, after: { name: view.name, steps: view.steps } });
      return view;
    });
  }

  async update(actor: AuthUser, id: number, input: { name: string; steps: PolicyStep[] }): Promise<PolicyView> {
    assertInTimeOrder(input.steps);
    const row = await this.policies.find(id);
    if (!row) throw new NotFoundException(`escalation policy ${id} not found`);
    const clash = await this.policies.findByName(input.name);
    if (clash && clash.id !== id) throw new ConflictException(`name: a policy named ${input.name} already exists`);
    const steps = input.steps.map(normaliseStep);
    const armed = await this.transactions.run(async (tx) => {
      if (!(await this.policies.update(tx, id, row.version, { name: input.name, steps })))
        throw new ConflictException('the policy was changed by someone else; reload it and retry');
      await this.audit.record(tx, actor.id, {
        action: 'escalation-policy.update',
        target: 'escalation-policy',
        targetId: id,
        before: { name: row.name, steps: row.steps },
        after: { name: input.name, steps },
      });
      return this.reschedule(tx, id, steps);
    });
    await this.trigger.arm(armed);
    return this.get(id);
  }

  /** Subjects following the policy take its new steps from now on; steps already run stay done. */
  private async reschedule(tx: Tx, policyId: number, steps: PolicyStep[]): Promise<Date[]> {
    const calendar = await this.calendars.calendar();
    const zone = await this.zones.zone();
    const now = this.clock.now();
    const armed: Date[] = [];
    for (const subject of Object.values(SUBJECTS)) {
      for (const dueAt of await this.engine.dueInstantsFollowing(tx, subject, policyId)) {
        const cursor = futureCursor(dueAt, steps, calendar, zone, now);
        await this.engine.restartFollowing(tx, subject, policyId, dueAt, cursor);
        if (cursor.nextStepAt) armed.push(cursor.nextStepAt);
      }
    }
    return armed;
  }

  /** When each step of a policy would fall for a due instant, on the work calendar: the step editor's timeline. */
  async preview(
    steps: PolicyStep[],
    dueAt: Date,
  ): Promise<{ items: { action: PolicyStep['action']; offset: PolicyStep['offset']; calendar: PolicyStep['calendar']; at: string }[]; total: number }> {
    assertInTimeOrder(steps);
    const [calendar, zone] = await Promise.all([this.calendars.calendar(), this.zones.zone()]);
    const items = steps.map((step) => ({ action: step.action, offset: step.offset, calendar: step.calendar, at: stepTime(dueAt, step, calendar, zone).toISOString() }));
    return { items, total: items.length };
  }

  async remove(actor: AuthUser, id: number): Promise<void> {
    const policy = await this.get(id);
    const usedBy = await this.policies.usedBy(id);
    if (usedBy) throw new ConflictException(`the policy is used by ${usedBy}; it cannot be deleted`);
    await this.transactions.run(async (tx) => {
      await this.policies.remove(tx, id);
      await this.audit.record(tx, actor.id, { action: 'escalation-policy.delete', target: 'escalation-policy', targetId: id, before: { name: policy.name, steps: policy.steps } });
    });
  }
}

/** Subjects following a changed policy take its steps from now on; steps already run stay done. */
function normaliseStep(step: PolicyStep): PolicyStep {
  return { offset: step.offset, calendar: step.calendar, action: step.action, ...(step.notify?.length ? { notify: [...step.notify] } : {}) };
}

function assertInTimeOrder(steps: PolicyStep[]): void {
  const times = steps.map((s) => stepTime(REFERENCE_DUE, s, PLAIN_WEEK, 'Asia/Shanghai').getTime());
  for (let i = 1; i < times.length; i++) {
    if (times[i] < times[i - 1]) throw new BadRequestException(`steps must be in time order: steps[${i}] falls before steps[${i - 1}]`);
  }
}

export function toPolicyView(row: EscalationPolicyEntity): PolicyView {
  return { id: row.id, name: row.name, steps: row.steps as PolicyStep[], createdAt: row.createdAt.toISOString() };
}
