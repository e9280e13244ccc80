import { describe, expect, it } from 'vitest';
import { conveningTypes, mayEditLists, rolesIn } from './chain-access';

const chain = {
  leaders: [
    { role: 'GENERAL_LEADER' as const, name: '总链长', userId: null },
    { role: 'LEADER' as const, name: '史占勇', userId: 7 },
  ],
  leadUnits: [{ id: 10, name: '市工信局' }],
  participantUnits: [{ id: 20, name: '高新区' }],
};

describe("a user's part in a chain", () => {
  it('names the chain leader, the lead department and the participants', () => {
    expect(rolesIn(chain, { id: 7, roles: ['CHAIN_LEADER'], unitId: null })).toEqual(['LEADER']);
    expect(rolesIn(chain, { id: 8, roles: ['LEAD_UNIT'], unitId: 10 })).toEqual(['LEAD_UNIT']);
    expect(rolesIn(chain, { id: 9, roles: ['UNIT_LIAISON'], unitId: 20 })).toEqual(['PARTICIPANT']);
    expect(rolesIn(chain, { id: 9, roles: ['UNIT_LIAISON'], unitId: 30 })).toEqual([]);
  });

  it('lets the lead department, supervisors and admins adjust the lists, not the chain leader or a participant', () => {
    expect(mayEditLists(chain, { id: 8, roles: ['LEAD_UNIT'], unitId: 10 })).toBe(true);
    expect(mayEditLists(chain, { id: 1, roles: ['SUPERVISOR'], unitId: null })).toBe(true);
    expect(mayEditLists(chain, { id: 7, roles: ['CHAIN_LEADER'], unitId: null })).toBe(false);
    expect(mayEditLists(chain, { id: 9, roles: ['UNIT_LIAISON'], unitId: 10 })).toBe(false); // a liaison of the lead department
    expect(mayEditLists(chain, { id: 9, roles: ['LEAD_UNIT'], unitId: 20 })).toBe(false); // another chain's lead department
  });

  it('offers each ad-hoc meeting of the profile to the holders of its convener roles, and every one to supervisors', () => {
    const types = [
      { type: 'TOPICAL' as const, name: '专题会', convenerRoles: ['LEADER' as const, 'LEAD_UNIT' as const] },
      { type: 'ALLIANCE' as const, name: '联盟会商', convenerRoles: ['ALLIANCE' as const] },
    ];
    const withTypes = { ...chain, allianceUnits: [{ id: 40, name: '许继集团有限公司' }], meetingTypes: types };
    const names = (user: Parameters<typeof conveningTypes>[1]) => conveningTypes(withTypes, user).map((t) => t.name);
    expect(names({ id: 7, roles: ['CHAIN_LEADER'], unitId: null })).toEqual(['专题会']);
    expect(names({ id: 7, roles: ['UNIT_LIAISON'], unitId: null })).toEqual([]); // a leader's name without the login role
    expect(names({ id: 8, roles: ['LEAD_UNIT'], unitId: 10 })).toEqual(['专题会']);
    expect(names({ id: 9, roles: ['UNIT_LIAISON'], unitId: 40 })).toEqual(['联盟会商']);
    expect(names({ id: 9, roles: ['UNIT_LIAISON'], unitId: 20 })).toEqual([]);
    expect(names({ id: 1, roles: ['SUPERVISOR'], unitId: null })).toEqual(['专题会', '联盟会商']);
  });
});
