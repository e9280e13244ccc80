import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { Clock, DecidedLevel, decideSupervision, decideUrge, localMinute, manualNotificationParts, ManualOutcome, SupervisedType } from '@duban/domain';
import { NewEvent, NotificationsRepository, SUBJECTS, SubjectRef, SupervisedRow, SupervisionRepository, Transactions, Tx } from '@duban/persistence';
import { RetryLaterException } from '@duban/platform';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { obligationScope, problemScope, ScopeSql, taskScope } from '../auth/scope';
import { SubjectEventView } from '../common/events';
import { DeliveriesService } from '../notifications/deliveries.service';
import { ZoneService } from '../profiles/zone.service';
import { SupervisionService, SupervisionView } from './supervision.service';

/** The event a supervisor's urge appended, with its subject. */
export type UrgeView = SubjectEventView & { subjectType: SupervisedType; subjectId: number };

const SCOPES: Record<SupervisedType, (user: AuthUser) => ScopeSql> = {
  TASK: (user) => taskScope(user, 's'),
  OBLIGATION: (user) => obligationScope(user, 's'),
  PROBLEM: (user) => problemScope(user, 's'),
};

/**
 * What supervisors do by hand (DESIGN.md): 催办 now, and 督办 (2) or 挂牌督办 (3) by decision.
 * Each is the domain's decision, one conditional UPDATE of the subject's level and its event in
 * one transaction, with the owner unit's notifications (composed as the engine's steps compose
 * theirs) and the audit entry; deliveries to channels are queued once it has committed.
 */
@Injectable()
export class SupervisionActionsService {
  private readonly logger = new Logger(SupervisionActionsService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly supervision: SupervisionRepository,
    private readonly notifications: NotificationsRepository,
    private readonly board: SupervisionService,
    private readonly deliveries: DeliveriesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly zones: ZoneService,
  ) {}

  /** 催办 now: the owner unit is told, with the message; the subject's level becomes at least 1. Once an hour per subject. */
  async urge(user: AuthUser, input: SubjectRef & { message: string }): Promise<UrgeView> {
    const view = await this.transactions.run(async (tx) => {
      const subject = await this.lock(tx, user, input);
      const now = this.clock.now();
      const outcome = refusedOr(decideUrge(asSupervised(input, subject), await this.supervision.lastManualUrgeAt(tx, input), now), now);
      const data = { manual: true, level: outcome.level };
      const eventId = await this.applyLevel(tx, input, subject, outcome.level, {
        at: now,
        actorId: user.id,
        action: 'urge',
        fromState: null,
        toState: null,
        comment: input.message,
        data,
      });
      await this.notifyOwner(tx, input, subject, { action: 'urge', eventId, by: user, note: input.message, at: now });
      await this.audit.record(tx, user.id, {
        action: 'supervision.urge',
        target: input.subjectType.toLowerCase(),
        targetId: input.subjectId,
        before: { escalationLevel: subject.escalationLevel },
        after: { escalationLevel: outcome.level, message: input.message, eventId },
      });
      const event: UrgeView = {
        id: eventId,
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        at: now.toISOString(),
        actorId: user.id,
        actorName: user.displayName,
        action: 'urge',
        from: null,
        to: null,
        comment: input.message,
        data,
        files: [],
      };
      return event;
    });
    await this.dispatch();
    return view;
  }

  /**
   * 督办 (2) or 挂牌督办 (3) by decision: opens the subject's supervision entry or raises its open
   * one, and raises the subject's level, with a `supervise` or `escalate` event. Levels only go up.
   */
  async decide(user: AuthUser, input: SubjectRef & { level: DecidedLevel; reason: string }): Promise<SupervisionView> {
    const entryId = await this.transactions.run(async (tx) => {
      const subject = await this.lock(tx, user, input);
      const open = await this.supervision.lockOpenEntry(tx, input);
      const now = this.clock.now();
      const outcome = refusedOr(decideSupervision(asSupervised(input, subject), open?.level ?? null, input.level), now);
      const id = await this.supervision.openOrRaiseEntry(tx, { ...input, ownerUnitId: subject.ownerUnitId, at: now });
      const eventId = await this.applyLevel(tx, input, subject, outcome.level, {
        at: now,
        actorId: user.id,
        action: outcome.action,
        fromState: null,
        toState: null,
        comment: input.reason,
        data: { manual: true, level: input.level, entryId: id },
      });
      await this.notifyOwner(tx, input, subject, { action: outcome.action, eventId, by: user, note: input.reason, at: now });
      await this.audit.record(tx, user.id, {
        action: 'supervision.decide',
        target: input.subjectType.toLowerCase(),
        targetId: input.subjectId,
        before: { level: open?.level ?? null, escalationLevel: subject.escalationLevel },
        after: { level: input.level, escalationLevel: outcome.level, reason: input.reason, entryId: id },
      });
      return id;
    });
    await this.dispatch();
    return this.board.entry(entryId);
  }

  /** The subject, locked, if the caller may see it; otherwise 404, as if it did not exist. */
  private async lock(tx: Tx, user: AuthUser, ref: SubjectRef): Promise<SupervisedRow> {
    const subject = await this.supervision.lockSubject(tx, ref, SCOPES[ref.subjectType](user));
    if (!subject) throw new NotFoundException(`subjectId: ${ref.subjectType.toLowerCase()} ${ref.subjectId} not found`);
    return subject;
  }

  /** The subject's new level and the act's event, on the version it was locked at; answers the event's id. */
  private async applyLevel(tx: Tx, ref: SubjectRef, subject: SupervisedRow, level: number, event: Omit<NewEvent, 'subjectType' | 'subjectId'>): Promise<string> {
    const eventId = await this.supervision.applyLevel(tx, ref, { level, version: subject.version }, event);
    if (eventId === null) throw new ConflictException(`subjectId: the ${ref.subjectType.toLowerCase()} was changed by someone else; retry`);
    return eventId;
  }

  /** The owner unit's liaisons and lead-unit staff, told as the engine's step of the same action tells them. */
  private async notifyOwner(
    tx: Tx,
    ref: SubjectRef,
    subject: SupervisedRow,
    act: { action: 'urge' | 'supervise' | 'escalate'; eventId: string; by: AuthUser; note: string; at: Date },
  ) {
    return this.notifications.notifySubjects(tx, SUBJECTS[ref.subjectType], [ref.subjectId], {
      kind: act.action.toUpperCase(),
      key: { event: act.eventId },
      parts: manualNotificationParts(act.action, localMinute(subject.dueAt, await this.zones.zone()), act.by.displayName, act.note),
      roles: ['OWNER'],
      at: act.at,
    });
  }

  /** Queues the new deliveries; if Redis is down the reconciler sends them within a minute. */
  private async dispatch(): Promise<void> {
    try {
      await this.deliveries.dispatchPending();
    } catch (error) {
      this.logger.warn(`deliveries not queued now; the reconciler will: ${(error as Error).message}`);
    }
  }
}

function asSupervised(ref: SubjectRef, s: SupervisedRow) {
  return { type: ref.subjectType, id: ref.subjectId, state: s.state, level: s.escalationLevel };
}

/** The decision's outcome, or the refusal as the api answers it (409, or 429 with when to retry). */
function refusedOr<T>(outcome: ManualOutcome<T>, now: Date): T {
  if (outcome.ok) return outcome;
  if (outcome.error === 'TOO_SOON') throw new RetryLaterException(outcome.message, Math.ceil((outcome.retryAt.getTime() - now.getTime()) / 1000));
  throw new ConflictException(outcome.message);
}
