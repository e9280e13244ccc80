import { BadRequestException, Injectable } from '@nestjs/common';
import { ReferenceKind, ReferencesRepository, Tx } from '@duban/persistence';

/** Checks that every id a request refers to exists; otherwise a 400 naming the field. */
@Injectable()
export class References {
  constructor(private readonly references: ReferencesRepository) {}

  async assert(tx: Tx | null, kind: ReferenceKind, field: string, ids: readonly (number | null | undefined)[]): Promise<void> {
    const missing = await this.references.missing(
      tx,
      kind,
      ids.filter((id): id is number => id !== null && id !== undefined),
    );
    if (missing.length > 0) throw new BadRequestException(`${field}: no ${kind} with id ${missing.join(', ')}`);
  }
}
