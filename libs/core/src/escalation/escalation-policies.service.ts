import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Clock, futureCursor, PolicyStep, stepTime, WorkCalendar } from '@duban/domain';
import { EscalationPolicyEntity, SUBJECTS, Transactions } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { DEFAULT_ZONE } from '../cadences/cadences.service';
import { CalendarService } from '../calendar/calendar.service';
import { Page, PageRequest, pageOffset } from '../common/page';
import { DeadlineTriggerService } from '../engine/deadline-trigger.service';

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
    @InjectRepository(EscalationPolicyEntity) private readonly policies: Repository<EscalationPolicyEntity>,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
    private readonly trigger: DeadlineTriggerService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async list(page: PageRequest): Promise<Page<PolicyView>> {
    const [rows, total] = await this.policies.findAndCount({ order: { id: 'ASC' }, ...pageOffset(page) });
    return { items: rows.map(toPolicyView), total };
  }

  async get(id: number): Promise<PolicyView> {
    const row = await this.policies.findOneBy({ id });
    if (!row) throw new NotFoundException(`escalation policy ${id} not found`);
    return toPolicyView(row);
  }

  async create(actor: AuthUser, input: { name: string; steps: PolicyStep[] }): Promise<PolicyView> {
    assertInTimeOrder(input.steps);
    if (await this.policies.existsBy({ name: input.name })) throw new ConflictException(`name: a policy named ${input.name} already exists`);
    return this.transactions.run(async (tx) => {
      const view = toPolicyView(await tx.save(tx.create(EscalationPolicyEntity, { name: input.name, steps: input.steps.map(normaliseStep) })));
      await this.audit.record(tx, actor.id, { action: 'escalation-policy.create', target: 'escalation-policy', targetId: view.id, after: { name: view.name, steps: view.steps } });
      return view;
    });
  }

  async update(actor: AuthUser, id: number, input: { name: string; steps: PolicyStep[] }): Promise<PolicyView> {
    assertInTimeOrder(input.steps);
    const row = await this.policies.findOneBy({ id });
    if (!row) throw new NotFoundException(`escalation policy ${id} not found`);
    const clash = await this.policies.findOneBy({ name: input.name });
    if (clash && clash.id !== id) throw new ConflictException(`name: a policy named ${input.name} already exists`);
    const steps = input.steps.map(normaliseStep);
    const armed = await this.transactions.run(async (em) => {
      await em.query('UPDATE escalation_policies SET name = ?, steps = ?, version = version + 1 WHERE id = ?', [input.name, JSON.stringify(steps), id]);
      await this.audit.record(em, actor.id, {
        action: 'escalation-policy.update',
        target: 'escalation-policy',
        targetId: id,
        before: { name: row.name, steps: row.steps },
        after: { name: input.name, steps },
      });
      return this.reschedule(em, id, steps);
    });
    await this.trigger.arm(armed);
    return this.get(id);
  }

  /** Subjects following the policy take its new steps from now on; steps already run stay done. */
  private async reschedule(em: EntityManager, policyId: number, steps: PolicyStep[]): Promise<Date[]> {
    const calendar = await this.calendars.calendar();
    const now = this.clock.now();
    const armed: Date[] = [];
    for (const subject of Object.values(SUBJECTS)) {
      const dues: { due_at: Date }[] = await em.query(`SELECT DISTINCT due_at FROM ${subject.table} WHERE policy_id = ? AND next_step_at IS NOT NULL`, [policyId]);
      for (const { due_at } of dues) {
        const cursor = futureCursor(due_at, steps, calendar, DEFAULT_ZONE, now);
        await em.query(
          `UPDATE ${subject.table} SET schedule_gen = schedule_gen + 1, next_step = ?, next_step_at = ? WHERE policy_id = ? AND due_at = ? AND next_step_at IS NOT NULL`,
          [cursor.nextStep, cursor.nextStepAt, policyId, due_at],
        );
        if (cursor.nextStepAt) armed.push(cursor.nextStepAt);
      }
    }
    return armed;
  }

  /** When each step of a policy would fall for a due instant, on the work calendar: the step editor's timeline. */
  async preview(steps: PolicyStep[], dueAt: Date): Promise<{ items: { action: PolicyStep['action']; offset: PolicyStep['offset']; calendar: PolicyStep['calendar']; at: string }[]; total: number }> {
    assertInTimeOrder(steps);
    const calendar = await this.calendars.calendar();
    const items = steps.map((step) => ({ action: step.action, offset: step.offset, calendar: step.calendar, at: stepTime(dueAt, step, calendar, DEFAULT_ZONE).toISOString() }));
    return { items, total: items.length };
  }

  async remove(actor: AuthUser, id: number): Promise<void> {
    const policy = await this.get(id);
    for (const table of ['tasks', 'obligations', 'problems', 'cadences']) {
      const [row] = await this.policies.query(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE policy_id = ?) AS used`, [id]);
      if (Number(row.used)) throw new ConflictException(`the policy is used by ${table}; it cannot be deleted`);
    }
    await this.transactions.run(async (tx) => {
      await tx.delete(EscalationPolicyEntity, { id });
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
