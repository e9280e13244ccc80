import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PolicyStep, stepTime, WorkCalendar } from '@duban/domain';
import { EscalationPolicyEntity, TaskEntity } from '@duban/persistence';
import { Page, PageRequest, pageOffset } from '../common/page';

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
  constructor(@InjectRepository(EscalationPolicyEntity) private readonly policies: Repository<EscalationPolicyEntity>) {}

  async list(page: PageRequest): Promise<Page<PolicyView>> {
    const [rows, total] = await this.policies.findAndCount({ order: { id: 'ASC' }, ...pageOffset(page) });
    return { items: rows.map(toPolicyView), total };
  }

  async get(id: number): Promise<PolicyView> {
    const row = await this.policies.findOneBy({ id });
    if (!row) throw new NotFoundException(`escalation policy ${id} not found`);
    return toPolicyView(row);
  }

  async create(input: { name: string; steps: PolicyStep[] }): Promise<PolicyView> {
    assertInTimeOrder(input.steps);
    if (await this.policies.existsBy({ name: input.name })) throw new ConflictException(`name: a policy named ${input.name} already exists`);
    return toPolicyView(await this.policies.save(this.policies.create({ name: input.name, steps: input.steps.map(normaliseStep) })));
  }

  async update(id: number, input: { name: string; steps: PolicyStep[] }): Promise<PolicyView> {
    assertInTimeOrder(input.steps);
    const row = await this.policies.findOneBy({ id });
    if (!row) throw new NotFoundException(`escalation policy ${id} not found`);
    const clash = await this.policies.findOneBy({ name: input.name });
    if (clash && clash.id !== id) throw new ConflictException(`name: a policy named ${input.name} already exists`);
    await this.policies.update({ id }, { name: input.name, steps: input.steps.map(normaliseStep) });
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    await this.get(id);
    if (await this.policies.manager.existsBy(TaskEntity, { policyId: id })) throw new ConflictException('the policy is used by tasks; it cannot be deleted');
    await this.policies.delete({ id });
  }
}

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
