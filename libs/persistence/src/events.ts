import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { EventEntity, SubjectType } from './entities/event.entity';

/** One change of state to record (DESIGN.md invariant 3: who, when, from, to, why). */
export interface NewEvent {
  subjectType: SubjectType;
  subjectId: number;
  at: Date;
  actorId: number | null;
  action: string;
  fromState: string | null;
  toState: string | null;
  comment?: string | null;
  data?: Record<string, unknown> | null;
}

/** Appends events inside the caller's transaction, in one statement; answers their ids. */
export async function appendEvents(em: EntityManager, events: readonly NewEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => ({ ...e, comment: e.comment ?? null, data: e.data ?? null }));
  const result = await em
    .createQueryBuilder()
    .insert()
    .into(EventEntity)
    .values(rows as QueryDeepPartialEntity<EventEntity>[])
    .execute();
  return result.identifiers.map((i) => String(i.id));
}
