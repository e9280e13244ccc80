import { BadRequestException } from '@nestjs/common';
import type { ReferencesRepository, Tx } from '@duban/persistence';
import { References } from './references.service';

/* References over a mocked repository: which ids it asks about, and the 400 that names the field and the ids. */
const TX = { tx: 'the transaction' } as unknown as Tx;

function setup(missing: number[] = []) {
  const repo = { missing: jest.fn(async () => missing) } as unknown as jest.Mocked<ReferencesRepository>;
  return { references: new References(repo), repo };
}

describe('References', () => {
  it("asks about the ids given, nulls and undefineds left out, in the caller's transaction", async () => {
    const { references, repo } = setup();
    await references.assert(TX, 'unit', 'coUnitIds', [30, null, 31, undefined]);
    expect(repo.missing).toHaveBeenCalledWith(TX, 'unit', [30, 31]);
  });

  it('passes when every id exists, and when there is nothing to check', async () => {
    const { references } = setup();
    await expect(references.assert(null, 'chain', 'chainId', [1])).resolves.toBeUndefined();
    await expect(references.assert(null, 'escalation policy', 'policyId', [undefined])).resolves.toBeUndefined();
  });

  it('answers 400 naming the field, the kind and every missing id', async () => {
    const { references } = setup([404, 405]);
    const refused = await references.assert(null, 'unit', 'coUnitIds', [30, 404, 405]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BadRequestException);
    expect((refused as BadRequestException).message).toBe('coUnitIds: no unit with id 404, 405');
  });
});
