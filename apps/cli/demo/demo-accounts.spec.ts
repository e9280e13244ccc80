import { isShippedSecret } from '@duban/config';
import { passwordProblems } from '@duban/domain';
import { DEMO_ACCOUNTS } from './demo-accounts';

/*
 * The demo's passwords are printed and published, so they must be refused everywhere but the
 * demo: each would pass the password policy but for being a shipped value.
 */
describe('demo accounts', () => {
  it.each(DEMO_ACCOUNTS.map((a) => [a.username, a.password]))('%s: the policy refuses its password only for being published', (username, password) => {
    expect(passwordProblems(password, { field: 'password', username, shipped: () => false })).toEqual([]);
    expect(isShippedSecret(password)).toBe(true);
    expect(passwordProblems(password, { field: 'password', username, shipped: isShippedSecret })).toEqual(["password is a value published in Duban's repository; choose another"]);
  });

  it('gives every user group but the administrator a person with a Chinese name', () => {
    expect(new Set(DEMO_ACCOUNTS.flatMap((a) => a.roles))).toEqual(new Set(['UNIT_LIAISON', 'LEAD_UNIT', 'SUPERVISOR', 'CHAIN_LEADER']));
    expect(DEMO_ACCOUNTS.every((a) => /^[\u4e00-\u9fa5]{2,4}$/.test(a.displayName))).toBe(true);
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.username)).size).toBe(DEMO_ACCOUNTS.length);
  });
});
