import { passwordProblems } from './password-policy';

describe('password policy', () => {
  const shipped = (v: string) => v.toLowerCase() === 'duban-admin-dev';
  const check = (password: string, username = 'liaison01') => passwordProblems(password, { field: 'newPassword', username, shipped });

  it.each([
    ['a long, unrelated passphrase', '河南省郑州市-2026-春', []],
    ['exactly ten characters', 'abcdefghij', []],
    ['nine characters', 'abcdefghi', ['newPassword must be at least 10 characters']],
    ['ten CJK characters count as ten', '一二三四五六七八九十', []],
    ['the username', 'liaison01', ['newPassword must be at least 10 characters', 'newPassword must not contain the username']],
    ['containing the username in another case', 'LIAISON01-secure', ['newPassword must not contain the username']],
    ['a shipped value', 'Duban-Admin-Dev', ["newPassword is a value published in Duban's repository; choose another"]],
    ['longer than 128', 'x'.repeat(129), ['newPassword must be at most 128 characters']],
  ])('%s', (_case, password, problems) => {
    expect(check(password)).toEqual(problems);
  });
});
