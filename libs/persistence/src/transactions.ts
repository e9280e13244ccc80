import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A unit of work: repositories take it to run their statements inside one transaction. */
export type Tx = EntityManager;

/** Opens transactions; the one way services start a unit of work (STYLE.md, "Persistence"). */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
