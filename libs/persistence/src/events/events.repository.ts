import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventEntity, SubjectType } from '../entities/event.entity';

/** The append-only history of each subject (appending is `appendEvents`, inside a change's transaction). */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A subject's timeline, oldest first: the engine's steps and people's acts in one. */
  ofSubject(subjectType: SubjectType, subjectId: number): Promise<EventEntity[]> {
    return this.db.getRepository(EventEntity).find({ where: { subjectType, subjectId }, order: { id: 'ASC' } });
  }
}
