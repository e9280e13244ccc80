import type { SubjectEventRow } from '@duban/persistence';
import type { Page } from './page';

/** One entry of a subject's timeline. */
export interface SubjectEventView {
  id: string;
  at: string;
  /** Null for the engine's own steps. */
  actorId: number | null;
  /** The actor's display name; null for the engine's own steps. */
  actorName: string | null;
  action: string;
  from: string | null;
  to: string | null;
  comment: string | null;
  data: Record<string, unknown> | null;
}

export function toEventView(e: SubjectEventRow): SubjectEventView {
  return { id: String(e.id), at: e.at.toISOString(), actorId: e.actorId, actorName: e.actorName, action: e.action, from: e.fromState, to: e.toState, comment: e.comment, data: e.data };
}

/** A timeline as the api answers it: every event, oldest first. */
export function timeline(events: SubjectEventRow[]): Page<SubjectEventView> {
  return { items: events.map(toEventView), total: events.length };
}
