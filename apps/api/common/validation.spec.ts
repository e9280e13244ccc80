import { getMetadataStorage, IsInt, Max, validate } from 'class-validator';
import { rememberValidationRules } from './validation';

/* The api's memory of class-validator's rules per class: the same rules, found once, forgotten when a class registers more. */
class PageQuery {
  @IsInt()
  page!: number;
}

class SmallPageQuery extends PageQuery {
  @Max(5)
  size!: number;
}

describe('rememberValidationRules', () => {
  const storage = getMetadataStorage();
  rememberValidationRules();

  it('answers the rules class-validator finds, own and inherited, and finds them once', async () => {
    const rules = storage.getTargetValidationMetadatas(SmallPageQuery, '', false, false);
    expect(rules.map((r) => r.propertyName).sort()).toEqual(['page', 'size']);
    expect(storage.getTargetValidationMetadatas(SmallPageQuery, '', false, false)).toBe(rules);
    // Other options are another answer.
    expect(storage.getTargetValidationMetadatas(SmallPageQuery, '', false, false, ['admin'])).not.toBe(rules);
    expect(storage.groupByPropertyName(rules)).toBe(storage.groupByPropertyName(rules));
    expect(Object.keys(storage.groupByPropertyName(rules)).sort()).toEqual(['page', 'size']);
    const errors = await validate(Object.assign(new SmallPageQuery(), { page: 'x', size: 9 }));
    expect(errors.map((e) => e.property).sort()).toEqual(['page', 'size']);
  });

  it('forgets what it found when a class registers a rule later', async () => {
    const before = storage.getTargetValidationMetadatas(PageQuery, '', false, false);
    class Later extends PageQuery {}
    Max(3)(Later.prototype, 'page');
    expect(storage.getTargetValidationMetadatas(PageQuery, '', false, false)).not.toBe(before);
    expect((await validate(Object.assign(new Later(), { page: 4 }))).map((e) => Object.keys(e.constraints ?? {}))).toEqual([['max']]);
  });

  it('patches the storage once, however many pipes are made', () => {
    const patched = storage.getTargetValidationMetadatas;
    rememberValidationRules();
    expect(storage.getTargetValidationMetadatas).toBe(patched);
  });
});
