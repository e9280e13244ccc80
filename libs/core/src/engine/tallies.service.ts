import { Injectable, OnModuleInit } from '@nestjs/common';
import { SupervisionRepository, TasksRepository, Transactions, Tx } from '@duban/persistence';
import { EngineHooks } from './engine-hooks';

/** Tally changes folded per transaction. */
export const TALLY_FOLD_CHUNK = 10_000;

/**
 * The counts the lists' totals read (the open supervision entries', the tasks'; see
 * `libs/persistence/src/tallies.ts`): triggers append their changes, and after each
 * reconciliation and each sweep that ran steps the workers fold them in.
 */
@Injectable()
export class TalliesService implements OnModuleInit {
  constructor(
    private readonly entries: SupervisionRepository,
    private readonly tasks: TasksRepository,
    private readonly transactions: Transactions,
    private readonly hooks: EngineHooks,
  ) {}

  onModuleInit(): void {
    this.hooks.register({ name: 'tallies', afterSteps: () => this.fold() });
  }

  /** Folds every change there is to take, the supervision entries' and the tasks'; answers how many. */
  async fold(): Promise<number> {
    return (await this.foldAll((tx, limit) => this.entries.foldTallyChanges(tx, limit))) + (await this.foldAll((tx, limit) => this.tasks.foldTallyChanges(tx, limit)));
  }

  /** A chunk per READ COMMITTED transaction (a fold waits for no writer's gap locks), until a chunk comes back short. */
  private async foldAll(chunk: (tx: Tx, limit: number) => Promise<number>): Promise<number> {
    let folded = 0;
    for (;;) {
      const n = await this.transactions.run((tx) => chunk(tx, TALLY_FOLD_CHUNK), 'READ COMMITTED');
      folded += n;
      if (n < TALLY_FOLD_CHUNK) return folded;
    }
  }
}
