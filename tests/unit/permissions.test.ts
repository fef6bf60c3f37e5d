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
  'bloc.manage': ['admin', 'board'],
  'agency.list': ['admin', 'board', 'otherBoard', 'head', 'deputy', 'member', 'outsider'],
  'agency.view': ['admin', 'board', 'head', 'deputy', 'member'],
  'agency.manage': ['admin', 'board'],
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
  'province.view': ['admin', 'board'],
  'award.register': ['admin', 'board'],
  'users.manage': ['admin'],
  'users.manageProvince': ['admin', 'board'],
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

  describe('no unit reviews its own work: the deputy reviews the head’s unit, the head the deputy’s', () => {
    // [who, whose record (100 head, 101 deputy, 102 member, none = no unit named), delegated, may review]
    const cases: [Who, number | null, boolean, boolean][] = [
      ['head', 102, false, true],
      ['head', 100, false, false],
      ['head', 101, false, true],
      ['deputy', 100, false, true],
      ['deputy', 101, false, false],
      ['deputy', 102, false, false],
      ['member', 100, false, false],
      ['member', 102, false, false],
      ['admin', 100, false, false],
      ['board', 102, false, false],
      ['outsider', 100, false, false],
      // the deputy standing in: both run the year, still neither judges its own unit
      ['deputy', 102, true, true],
      ['deputy', 100, true, true],
      ['deputy', 101, true, false],
      ['head', 100, true, false],
      ['head', 101, true, true],
      // no unit named yet (a list, or a route before loading its record): may review some unit
      ['head', null, false, true],
      ['deputy', null, false, true],
      ['member', null, false, false],
      ['board', null, false, false],
    ];
    for (const [name, agencyId, delegated, expected] of cases) {
      for (const action of ['registration.review', 'score.review'] as const) {
        it(`${name} ${expected ? 'may' : 'may not'} ${action} ${agencyId === null ? 'with no unit named' : `unit ${agencyId}`}${delegated ? ' (delegated)' : ''}`, () => {
          const s: Scope = { ...year, deputyActsAsHead: delegated };
          if (agencyId === null) delete s.agencyId;
          else s.agencyId = agencyId;
          expect(can(who[name], action, s)).toBe(expected);
        });
      }
    }

    it('a year without a deputy: the head reviews its own unit (nobody else could)', () => {
      const noDeputy: Scope = { ...year, deputyAgencyId: null, agencyId: 100 };
      expect(can(head, 'score.review', noDeputy)).toBe(true);
      expect(can(deputy, 'score.review', noDeputy)).toBe(false);
      expect(can(deputy, 'score.review', { ...year, deputyAgencyId: null, agencyId: undefined })).toBe(false);
    });

    it('never in a closed year', () => {
      expect(can(deputy, 'score.review', { ...year, agencyId: 100, closed: true })).toBe(false);
    });
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

  it("a board manages the accounts and reads the audit log of its own province only; only the admin manages every account", () => {
    expect(can(board, 'users.manageProvince', { provinceId: 10 })).toBe(true);
    expect(can(board, 'users.manageProvince', { provinceId: 11 })).toBe(false);
    expect(can(board, 'users.manageProvince')).toBe(false);
    expect(can(board, 'users.manage')).toBe(false);
    expect(can(admin, 'users.manageProvince', { provinceId: 11 })).toBe(true);
    expect(can(board, 'audit.view', { provinceId: 11 })).toBe(false);
    expect(can(head, 'users.manageProvince', { provinceId: 10 })).toBe(false);
  });

  it('nobody signed out may do anything', () => {
    expect(can(undefined, 'home.view')).toBe(false);
  });
});
