// The permission map as a table: role in context × action → allowed or not.
import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, type Action, type Scope } from '../../src/auth/permissions';
import type { Principal } from '../../src/auth/principal';

const base = { fullName: 'x', passwordChangedAt: 0 };
const admin: Principal = { ...base, id: 1, username: 'admin', roles: ['ADMIN'], isAdmin: true, boardProvinceIds: [], agencyIds: [] };
const board: Principal = { ...base, id: 2, username: 'board', roles: ['BOARD'], isAdmin: false, boardProvinceIds: [10], agencyIds: [] };
const otherBoard: Principal = { ...board, id: 3, boardProvinceIds: [11] };
const head: Principal = { ...base, id: 4, username: 'head', roles: ['UNIT_OFFICER'], isAdmin: false, boardProvinceIds: [], agencyIds: [100] };
const deputy: Principal = { ...head, id: 5, agencyIds: [101] };
const member: Principal = { ...head, id: 6, agencyIds: [102] };
const outsider: Principal = { ...head, id: 7, agencyIds: [200] };

// A bloc-year of province 10 with members 100 (head), 101 (deputy), 102; the record is unit 102's.
const year: Scope = { provinceId: 10, agencyId: 102, memberAgencyIds: [100, 101, 102], headAgencyId: 100, deputyAgencyId: 101 };

const who = { admin, board, otherBoard, head, deputy, member, outsider };
type Who = keyof typeof who;

const table: Record<Action, Who[]> = {
  'home.view': ['admin', 'board', 'otherBoard', 'head', 'deputy', 'member', 'outsider'],
  'account.changePassword': ['admin', 'board', 'otherBoard', 'head', 'deputy', 'member', 'outsider'],
  'bloc.list': ['admin', 'board', 'otherBoard', 'head', 'deputy', 'member', 'outsider'],
  'bloc.view': ['admin', 'board', 'head', 'deputy', 'member'],
  'agency.list': ['admin', 'board', 'otherBoard', 'head', 'deputy', 'member', 'outsider'],
  'agency.view': ['admin', 'board', 'head', 'deputy', 'member'],
  'year.manage': ['head'],
  'registration.write': ['member'],
  'registration.review': ['head'],
  'pledge.sign': ['member'],
  'score.self': ['member'],
  'score.review': ['head'],
  'score.appeal': ['member'],
  'review.run': ['head'],
  'ballot.manage': ['head'],
  'ballot.vote': ['head', 'deputy', 'member'],
  'proposal.send': ['head'],
  'proposal.report': ['head', 'member'],
  'proposal.decide': ['board'],
  'year.close': ['head'],
  'year.reopen': ['board'],
  'province.rules': ['admin', 'board'],
  'users.manage': ['admin'],
  'audit.view': ['admin', 'board'],
};

describe('permission map', () => {
  it('covers every action of the map', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  for (const [action, allowed] of Object.entries(table) as [Action, Who[]][]) {
    for (const name of Object.keys(who) as Who[]) {
      const expected = allowed.includes(name);
      it(`${name} ${expected ? 'may' : 'may not'} ${action}`, () => {
        expect(can(who[name], action, year)).toBe(expected);
      });
    }
  }

  it('the deputy holds the head powers only while the head delegates', () => {
    expect(can(deputy, 'score.review', year)).toBe(false);
    expect(can(deputy, 'score.review', { ...year, deputyActsAsHead: true })).toBe(true);
    expect(can(head, 'score.review', { ...year, deputyActsAsHead: true })).toBe(true);
  });

  it('a closed year is read-only for everyone, but the board may reopen it and record decisions', () => {
    const closed = { ...year, closed: true };
    expect(can(head, 'score.review', closed)).toBe(false);
    expect(can(member, 'score.self', closed)).toBe(false);
    expect(can(admin, 'users.manage', closed)).toBe(false);
    expect(can(board, 'year.reopen', closed)).toBe(true);
    expect(can(board, 'proposal.decide', closed)).toBe(true);
    expect(can(member, 'bloc.view', closed)).toBe(true);
  });

  it('an officer writes only for its own unit, and only where that unit is a member', () => {
    expect(can(member, 'score.self', { ...year, agencyId: 101 })).toBe(false);
    expect(can(outsider, 'score.self', { ...year, agencyId: 200 })).toBe(false);
  });

  it('nobody signed out may do anything', () => {
    expect(can(undefined, 'home.view')).toBe(false);
  });
});
