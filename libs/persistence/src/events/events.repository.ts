import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventEntity, SubjectType } from '../entities/event.entity';
import { UserEntity } from '../org/user.entity';

/** An event with the display name of who acted (null for the engine's own steps). */
export type SubjectEventRow = EventEntity & { actorName: string | null };

/** The append-only history of each subject (appending is `appendEvents`, inside a change's transaction). */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A subject's timeline, oldest first: the engine's steps and people's acts in one. */
  async ofSubject(subjectType: SubjectType, subjectId: number): Promise<SubjectEventRow[]> {
    const rows = await this.db
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .leftJoin(UserEntity, 'u', 'u.id = e.actor_id')
      .addSelect('u.display_name', 'actor_name')
      .where('e.subject_type = :subjectType AND e.subject_id = :subjectId', { subjectType, subjectId })
      .orderBy('e.id', 'ASC')
      .getRawAndEntities();
    return rows.entities.map((e, i) => Object.assign(e, { actorName: (rows.raw[i]?.actor_name as string | null) ?? null }));
  }
}
