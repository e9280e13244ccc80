import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PolicyStep } from '@duban/domain';
import type { Tx } from '../transactions';
import { EscalationPolicyEntity } from './escalation-policy.entity';

/** What refers to a policy, in the order a deletion is refused for. */
export const POLICY_USERS = ['tasks', 'obligations', 'problems', 'cadences'] as const;
export type PolicyUser = (typeof POLICY_USERS)[number];

/** Escalation policies (预警督办规则): the steps a deadline walks. */
@Injectable()
export class EscalationPoliciesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A policy's steps; none when it does not exist. */
  async stepsOf(id: number, tx?: Tx): Promise<PolicyStep[]> {
    const [row]: { steps: string | PolicyStep[] }[] = await (tx ?? this.db.manager).query('SELECT steps FROM escalation_policies WHERE id = ?', [id]);
    return row ? (typeof row.steps === 'string' ? (JSON.parse(row.steps) as PolicyStep[]) : row.steps) : [];
  }

  /** The id of the policy of this name, created with these steps if there is none. */
  async ensure(name: string, steps: readonly PolicyStep[]): Promise<number> {
    await this.db.query('INSERT IGNORE INTO escalation_policies (name, steps) VALUES (?, ?)', [name, JSON.stringify(steps)]);
    const [row]: { id: number }[] = await this.db.query('SELECT id FROM escalation_policies WHERE name = ?', [name]);
    return Number(row.id);
  }

  async page(page: { skip: number; take: number }): Promise<{ rows: EscalationPolicyEntity[]; total: number }> {
    const [rows, total] = await this.db.getRepository(EscalationPolicyEntity).findAndCount({ order: { id: 'ASC' }, ...page });
    return { rows, total };
  }

  find(id: number): Promise<EscalationPolicyEntity | null> {
    return this.db.getRepository(EscalationPolicyEntity).findOneBy({ id });
  }

  findByName(name: string): Promise<EscalationPolicyEntity | null> {
    return this.db.getRepository(EscalationPolicyEntity).findOneBy({ name });
  }

  async insert(tx: Tx, policy: { name: string; steps: PolicyStep[] }): Promise<EscalationPolicyEntity> {
    return tx.save(tx.create(EscalationPolicyEntity, policy));
  }

  /** Replaces a policy's name and steps if it is still at `version`; false, with nothing written, when it has moved on. */
  async update(tx: Tx, id: number, version: number, policy: { name: string; steps: PolicyStep[] }): Promise<boolean> {
    const result = await tx.query('UPDATE escalation_policies SET name = ?, steps = ?, version = version + 1 WHERE id = ? AND version = ?', [
      policy.name,
      JSON.stringify(policy.steps),
      id,
      version,
    ]);
    return result.affectedRows === 1;
  }

  /** The first kind of record that follows the policy, or null when nothing does. */
  async usedBy(id: number): Promise<PolicyUser | null> {
    for (const table of POLICY_USERS) {
      const [row]: { used: number | string }[] = await this.db.query(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE policy_id = ?) AS used`, [id]);
      if (Number(row.used)) return table;
    }
    return null;
  }

  async remove(tx: Tx, id: number): Promise<void> {
    await tx.delete(EscalationPolicyEntity, { id });
  }
}
