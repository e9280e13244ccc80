import type { SubjectEventRow } from '@duban/persistence';
import type { FileView } from '../files/files.service';
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
  /** The evidence files attached with this act (a submission, a report, a feedback, …). */
  files: FileView[];
}

export function toEventView(e: SubjectEventRow, files: FileView[] = []): SubjectEventView {
  return {
    id: String(e.id),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    from: e.fromState,
    to: e.toState,
    comment: e.comment,
    data: e.data,
    files,
  };
}

/** A timeline as the api answers it: every event, oldest first, each with the files attached by its act. */
export function timeline(events: SubjectEventRow[], files: (FileView & { eventId: string | null })[] = []): Page<SubjectEventView> {
  const of = (eventId: string) => files.filter((f) => f.eventId === eventId).map(({ eventId: _eventId, ...file }) => file);
  return { items: events.map((e) => toEventView(e, of(String(e.id)))), total: events.length };
}
