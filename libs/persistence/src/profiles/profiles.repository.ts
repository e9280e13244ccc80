import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProfileEntity } from '../entities/misc.entity';

/** The mechanism profiles loaded into this database. */
@Injectable()
export class ProfilesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The zone of the first profile loaded (the deployment's own mechanism); null before any. */
  async primaryZone(): Promise<string | null> {
    const [first] = await this.db.getRepository(ProfileEntity).find({ select: { name: true, timezone: true }, order: { loadedAt: 'ASC', name: 'ASC' }, take: 1 });
    return first?.timezone ?? null;
  }
}
