import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, problemDueAt } from '@duban/domain';
import { appendEvents, SUBJECTS } from '@duban/persistence';
import { AuthUser, seesEverything } from '../auth/auth-user';
import { obligationScope, problemScope, taskScope } from '../auth/scope';
import { Page, PageRequest, pageOffset } from '../common/page';
import { assertReferences } from '../common/references';
import { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import { SchedulingService } from '../engine/scheduling.service';
import { DEFAULT_ZONE } from '../cadences/cadences.service';
import { ListItemsService, monthOf } from '../lists/list-items.service';
import { GENERAL_PROBLEM_POLICY } from '../problems/problems.service';
import { UnitEntity } from '@duban/persistence';

export interface MeetingView {
  id: number;
  cadenceId: number | null;
  chainId: number | null;
  title: string;
  scheduledAt: string;
  convenerRole: string | null;
  state: string;
  summary: string | null;
  minutesAt: string | null;
}

const AGENDA_LIMIT = 200;

/** Chain meetings from the cadences: agendas drawn from live data; minutes whose decisions become tasks. */
@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly lists: ListItemsService,
    private readonly scheduling: SchedulingService,
    private readonly trigger: DeadlineTriggerService,
  ) {}

  async list(filter: { chainId?: number; from?: Date; to?: Date }, page: PageRequest): Promise<Page<MeetingView>> {
    const where = ['1 = 1'];
    const params: unknown[] = [];
    if (filter.chainId !== undefined) (where.push('chain_id = ?'), params.push(filter.chainId));
    if (filter.from) (where.push('scheduled_at >= ?'), params.push(filter.from));
    if (filter.to) (where.push('scheduled_at <= ?'), params.push(filter.to));
    const { skip, take } = pageOffset(page);
    const [{ total }] = await this.db.query(`SELECT COUNT(*) AS total FROM meetings WHERE ${where.join(' AND ')}`, params);
    const rows = await this.db.query(`SELECT * FROM meetings WHERE ${where.join(' AND ')} ORDER BY scheduled_at, id LIMIT ? OFFSET ?`, [...params, take, skip]);
    return { items: rows.map(toMeetingView), total: Number(total) };
  }

  async get(id: number): Promise<MeetingView> {
    return toMeetingView(await this.find(id));
  }

  /**
   * The agenda, prefilled from live data: the chain's four lists and this month's changes,
   * overdue tasks and reports, open problems, and the previous meeting's decisions.
   */
  async agenda(user: AuthUser, id: number) {
    const meeting = await this.find(id);
    const now = this.clock.now();
    const chain = meeting.chain_id as number | null;
    const onChain = chain === null ? '1 = 1' : 's.chain_id = ?';
    const chainParam = chain === null ? [] : [chain];
    // The meeting is public; what its agenda shows of tasks, reports and problems is the caller's to see.
    const tasks = taskScope(user, 's');
    const obligations = obligationScope(user, 's');
    const problems = problemScope(user, 's');
    const overdueTasks = await this.db.query(
      `SELECT s.id, s.title, s.owner_unit_id AS ownerUnitId, u.name AS ownerUnitName, s.due_at AS dueAt, s.escalation_level AS escalationLevel
         FROM tasks s JOIN units u ON u.id = s.owner_unit_id
        WHERE ${onChain} AND s.state IN ('ASSIGNED', 'IN_PROGRESS', 'SUBMITTED') AND s.due_at < ? AND ${tasks.sql} ORDER BY s.due_at LIMIT ${AGENDA_LIMIT}`,
      [...chainParam, now, ...tasks.params],
    );
    const overdueReports = await this.db.query(
      `SELECT s.id, s.period, s.unit_id AS unitId, u.name AS unitName, s.due_at AS dueAt, s.escalation_level AS escalationLevel
         FROM obligations s JOIN units u ON u.id = s.unit_id
        WHERE ${onChain} AND s.state = 'OPEN' AND s.due_at < ? AND ${obligations.sql} ORDER BY s.due_at, u.name LIMIT ${AGENDA_LIMIT}`,
      [...chainParam, now, ...obligations.params],
    );
    const openProblems = await this.db.query(
      `SELECT s.id, s.title, s.severity, s.state, s.routed_to_unit_id AS routedToUnitId, s.raised_by_unit_id AS raisedByUnitId, s.due_at AS dueAt
         FROM problems s WHERE ${onChain} AND s.state IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS') AND ${problems.sql}
         ORDER BY s.severity = 'MAJOR' DESC, s.due_at LIMIT ${AGENDA_LIMIT}`,
      [...chainParam, ...problems.params],
    );
    const [previous] = await this.db.query(
      `SELECT id FROM meetings WHERE state = 'HELD' AND id <> ? AND ${chain === null ? 'chain_id IS NULL AND cadence_id <=> ?' : 'chain_id = ?'} AND scheduled_at < ? ORDER BY scheduled_at DESC LIMIT 1`,
      [id, chain ?? meeting.cadence_id, meeting.scheduled_at],
    );
    const lastDecisions = previous
      ? await this.db.query(
          `SELECT s.id, s.title, s.state, s.owner_unit_id AS ownerUnitId, s.due_at AS dueAt, s.completed_at AS completedAt
             FROM tasks s WHERE s.source_kind = 'MEETING' AND s.source_ref = ? AND ${tasks.sql} ORDER BY s.id`,
          [String(previous.id), ...tasks.params],
        )
      : [];
    return {
      meeting: toMeetingView(meeting),
      lists: chain === null ? null : (await this.lists.live(chain)).items,
      listChanges: chain === null ? null : await this.lists.history(chain, monthOf(meeting.scheduled_at, DEFAULT_ZONE)),
      overdueTasks,
      overdueReports,
      openProblems,
      previousMeetingId: previous?.id ?? null,
      lastDecisions,
    };
  }

  /** Records the minutes once; each decision becomes an assigned task on 13710 timings. */
  async minutes(user: AuthUser, id: number, input: { summary: string; decisions: { title: string; ownerUnitId: number; dueAt?: Date }[] }) {
    const now = this.clock.now();
    const { created, armed } = await this.db.transaction(async (em) => {
      const [meeting] = await em.query('SELECT * FROM meetings WHERE id = ? FOR UPDATE', [id]);
      if (!meeting) throw new NotFoundException(`meeting ${id} not found`);
      const leads: number[] = meeting.chain_id === null ? [] : await this.lists.chainLeads(meeting.chain_id);
      await this.assertMayRecord(user, meeting.chain_id, leads);
      if (meeting.state !== 'SCHEDULED') throw new ConflictException('the minutes of this meeting are already recorded');
      if (meeting.scheduled_at.getTime() > now.getTime()) throw new ConflictException(`the meeting is scheduled for ${meeting.scheduled_at.toISOString()}; record its minutes once it has been held`);
      await assertReferences(em, UnitEntity, 'decisions.ownerUnitId', input.decisions.map((d) => d.ownerUnitId), 'unit');
      for (const [i, d] of input.decisions.entries()) {
        if (d.dueAt && d.dueAt.getTime() <= now.getTime()) throw new BadRequestException(`decisions.${i}.dueAt must be in the future`);
      }
      const issuer = leads[0] ?? user.unitId ?? (await em.query(`SELECT id FROM units WHERE kind = 'OFFICE' ORDER BY id LIMIT 1`))[0]?.id;
      if (!issuer) throw new BadRequestException('no issuing unit for the decisions: record the minutes as a member of a unit');
      const [policy] = await em.query('SELECT id FROM escalation_policies WHERE name = ?', [GENERAL_PROBLEM_POLICY]);
      const created: { id: number; title: string; ownerUnitId: number; dueAt: string; state: string }[] = [];
      const armed: (Date | null)[] = [];
      for (const d of input.decisions) {
        const dueAt = d.dueAt ?? problemDueAt(now, 'GENERAL');
        const result = await em.query(
          `INSERT INTO tasks (title, description, state, issuer_unit_id, owner_unit_id, chain_id, policy_id, source_kind, source_ref, due_at, created_by, created_at, updated_at)
           VALUES (?, ?, 'ASSIGNED', ?, ?, ?, ?, 'MEETING', ?, ?, ?, ?, ?)`,
          [d.title, `${meeting.title}议定事项`, issuer, d.ownerUnitId, meeting.chain_id, policy?.id ?? null, String(id), dueAt, user.id, now, now],
        );
        const taskId = Number(result.insertId);
        armed.push(await this.scheduling.schedule(em, SUBJECTS.TASK, taskId, dueAt, policy?.id ?? null, now, false));
        await appendEvents(em, [
          { subjectType: 'TASK', subjectId: taskId, at: now, actorId: user.id, action: 'create', fromState: null, toState: 'DRAFT', data: { meetingId: id } },
          { subjectType: 'TASK', subjectId: taskId, at: now, actorId: user.id, action: 'assign', fromState: 'DRAFT', toState: 'ASSIGNED', comment: '会议议定事项' },
        ]);
        created.push({ id: taskId, title: d.title, ownerUnitId: d.ownerUnitId, dueAt: dueAt.toISOString(), state: 'ASSIGNED' });
      }
      await em.query(`UPDATE meetings SET state = 'HELD', summary = ?, minutes_at = ?, minutes_by = ? WHERE id = ?`, [input.summary, now, user.id, id]);
      await appendEvents(em, [{ subjectType: 'MEETING', subjectId: id, at: now, actorId: user.id, action: 'minutes', fromState: 'SCHEDULED', toState: 'HELD', data: { decisions: created.map((t) => t.id) } }]);
      return { created, armed };
    });
    await this.trigger.arm(armed);
    return { ...(await this.get(id)), tasks: created };
  }

  private async assertMayRecord(user: AuthUser, chainId: number | null, leads: number[]): Promise<void> {
    if (seesEverything(user)) return;
    if (user.roles.includes('LEAD_UNIT') && user.unitId !== null && leads.includes(user.unitId)) return;
    if (user.roles.includes('CHAIN_LEADER') && chainId !== null) {
      const [row] = await this.db.query(`SELECT 1 FROM chain_roles WHERE chain_id = ? AND user_id = ? AND role IN ('GENERAL_LEADER', 'LEADER', 'SUB_LEADER')`, [chainId, user.id]);
      if (row) return;
    }
    throw new ForbiddenException("only the chain's leader or lead department, a supervisor or an admin may record the minutes");
  }

  private async find(id: number): Promise<Record<string, any>> {
    const [row] = await this.db.query('SELECT * FROM meetings WHERE id = ?', [id]);
    if (!row) throw new NotFoundException(`meeting ${id} not found`);
    return row;
  }
}

function toMeetingView(r: Record<string, any>): MeetingView {
  return {
    id: r.id,
    cadenceId: r.cadence_id,
    chainId: r.chain_id,
    title: r.title,
    scheduledAt: r.scheduled_at.toISOString(),
    convenerRole: r.convener_role,
    state: r.state,
    summary: r.summary ?? null,
    minutesAt: r.minutes_at?.toISOString() ?? null,
  };
}
