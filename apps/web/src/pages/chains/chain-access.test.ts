import { describe, expect, it } from 'vitest';
import { mayEditLists, mayRecordMinutes, rolesIn } from './chain-access';

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

  it('lets the chain leader record the minutes of the chain’s meetings, and nobody but supervisors those of no chain', () => {
    expect(mayRecordMinutes(chain, { id: 7, roles: ['CHAIN_LEADER'], unitId: null })).toBe(true);
    expect(mayRecordMinutes(chain, { id: 6, roles: ['CHAIN_LEADER'], unitId: null })).toBe(false);
    expect(mayRecordMinutes(chain, { id: 8, roles: ['LEAD_UNIT'], unitId: 10 })).toBe(true);
    expect(mayRecordMinutes(null, { id: 8, roles: ['LEAD_UNIT'], unitId: 10 })).toBe(false);
    expect(mayRecordMinutes(null, { id: 1, roles: ['ADMIN'], unitId: null })).toBe(true);
  });
});
