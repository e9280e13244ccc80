import type { SupervisionRepository, TasksRepository, Transactions, Tx } from '@duban/persistence';
import { EngineHooks } from './engine-hooks';
import { TALLY_FOLD_CHUNK, TalliesService } from './tallies.service';

/* TalliesService over mocked repositories: after steps it folds the supervision entries' and the tasks' tally changes. */
function setup() {
  const entries = { foldTallyChanges: jest.fn(async () => 0) } as unknown as jest.Mocked<SupervisionRepository>;
  const tasks = { foldTallyChanges: jest.fn(async () => 0) } as unknown as jest.Mocked<TasksRepository>;
  const transactions = { run: jest.fn(async (work: (tx: Tx) => Promise<unknown>) => work({} as Tx)) } as unknown as jest.Mocked<Transactions>;
  const hooks = new EngineHooks();
  return { service: new TalliesService(entries, tasks, transactions, hooks), entries, tasks, transactions, hooks };
}

describe('TalliesService', () => {
  it('folds tally changes after steps, a chunk per READ COMMITTED transaction, until a chunk comes back short', async () => {
    const { service, entries, tasks, transactions, hooks } = setup();
    service.onModuleInit();
    expect(hooks.names()).toEqual(['tallies']);
    entries.foldTallyChanges.mockResolvedValueOnce(TALLY_FOLD_CHUNK).mockResolvedValueOnce(TALLY_FOLD_CHUNK).mockResolvedValueOnce(3);
    tasks.foldTallyChanges.mockResolvedValueOnce(TALLY_FOLD_CHUNK).mockResolvedValueOnce(7);
    await hooks.afterSteps();
    expect(entries.foldTallyChanges).toHaveBeenCalledTimes(3);
    expect(entries.foldTallyChanges).toHaveBeenCalledWith(expect.anything(), TALLY_FOLD_CHUNK);
    expect(tasks.foldTallyChanges).toHaveBeenCalledTimes(2);
    expect(tasks.foldTallyChanges).toHaveBeenCalledWith(expect.anything(), TALLY_FOLD_CHUNK);
    expect(transactions.run.mock.calls.map((call) => call[1])).toEqual(Array(5).fill('READ COMMITTED'));
    await expect(service.fold()).resolves.toBe(0);
  });

  it('answers how many changes it folded in all', async () => {
    const { service, entries, tasks } = setup();
    entries.foldTallyChanges.mockResolvedValueOnce(4);
    tasks.foldTallyChanges.mockResolvedValueOnce(TALLY_FOLD_CHUNK).mockResolvedValueOnce(2);
    await expect(service.fold()).resolves.toBe(4 + TALLY_FOLD_CHUNK + 2);
  });
});
