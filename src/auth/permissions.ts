// The one permission map: which role may do which action, and in which scope. It reads like
// documentation and is unit-tested as a table (tests/unit/permissions.test.ts).
//
// Roles in a context:
//   ADMIN         system administrator: every action of administration, reads everything
//   BOARD         provincial board member: reads every bloc of its province, decides proposals
//   MEMBER        an officer of a unit that is a member of the bloc-year
//   OWN_UNIT      an officer of the very unit the record belongs to
//   BLOC_HEAD     an officer of the bloc-year's head unit (or of the deputy while it stands in)
//   REVIEWER      who reviews this unit's record (registration, sheet, appeals): the head, except on
//                 its own unit, which the deputy reviews; the deputy's own unit goes to the head. No
//                 unit judges its own work, whoever stands in. With no unit named: may review some unit.
//   SIGNED_IN     anybody signed in
import type { Principal } from './principal';

export type ContextRole = 'ADMIN' | 'BOARD' | 'MEMBER' | 'OWN_UNIT' | 'BLOC_HEAD' | 'REVIEWER' | 'SIGNED_IN';

export const PERMISSIONS = {
  'home.view': ['SIGNED_IN'],
  'account.changePassword': ['SIGNED_IN'],
  'bloc.list': ['SIGNED_IN'], // the list itself is scoped by blocWhere()
  'bloc.view': ['ADMIN', 'BOARD', 'MEMBER'],
  'bloc.manage': ['ADMIN', 'BOARD'], // create, rename, retire a bloc, add its years; scoped by the bloc's provinceId
  'agency.list': ['SIGNED_IN'], // scoped by agencyWhere()
  'agency.view': ['ADMIN', 'BOARD', 'OWN_UNIT', 'MEMBER'],
  'agency.manage': ['ADMIN', 'BOARD'], // create, edit, rename, merge, split, transfer, dissolve; scoped by the agency's provinceId
  'year.manage': ['BLOC_HEAD'], // open the year, deadlines, members, criteria table, pledge text
  'registration.write': ['OWN_UNIT'],
  'registration.review': ['REVIEWER'],
  'pledge.sign': ['OWN_UNIT'],
  'score.self': ['OWN_UNIT'],
  'score.review': ['REVIEWER'], // also resolving the unit's appeals
  'score.appeal': ['OWN_UNIT'],
  'review.run': ['BLOC_HEAD'], // sơ kết / tổng kết
  'ballot.manage': ['BLOC_HEAD'],
  'ballot.vote': ['MEMBER'],
  'proposal.send': ['BLOC_HEAD'],
  'proposal.report': ['OWN_UNIT', 'BLOC_HEAD'], // the unit's achievement report in its proposal's dossier
  'proposal.decide': ['BOARD'],
  'year.close': ['BLOC_HEAD'],
  'year.reopen': ['BOARD'],
  'province.rules': ['BOARD', 'ADMIN'],
  'province.view': ['BOARD', 'ADMIN'], // the province view: dashboard, results and trends, award register and statistics, proposals inbox
  'award.register': ['BOARD', 'ADMIN'], // import awards decided outside the portal into the province's register
  'users.manage': ['ADMIN'], // every account, administrators included
  'users.manageProvince': ['ADMIN', 'BOARD'], // accounts of a province (its officers, its board), scoped by provinceId
  'audit.view': ['ADMIN', 'BOARD'],
} as const satisfies Record<string, readonly ContextRole[]>;

export type Action = keyof typeof PERMISSIONS;

/** What the action is about; the more is known, the more context roles can apply. */
export type Scope = {
  provinceId?: number; // the province of the bloc or agency
  agencyId?: number; // the unit the record belongs to
  memberAgencyIds?: readonly number[]; // members of the bloc (in the year, or in any year for bloc pages)
  headAgencyId?: number | null;
  deputyAgencyId?: number | null;
  deputyActsAsHead?: boolean;
  closed?: boolean; // a closed year: only reads and the board's reopen
};

const ALLOWED_WHEN_CLOSED: ReadonlySet<Action> = new Set(['year.reopen', 'bloc.view', 'agency.view', 'home.view', 'bloc.list', 'agency.list', 'audit.view', 'proposal.decide']);

export function contextRoles(p: Principal, s: Scope = {}): Set<ContextRole> {
  const roles = new Set<ContextRole>(['SIGNED_IN']);
  if (p.isAdmin) roles.add('ADMIN');
  if (s.provinceId !== undefined && p.boardProvinceIds.includes(s.provinceId)) roles.add('BOARD');
  if (s.agencyId !== undefined && p.agencyIds.includes(s.agencyId)) roles.add('OWN_UNIT');
  if (s.memberAgencyIds && p.agencyIds.some((a) => s.memberAgencyIds!.includes(a))) roles.add('MEMBER');
  const acting = s.deputyActsAsHead ? [s.headAgencyId, s.deputyAgencyId] : [s.headAgencyId];
  if (acting.some((a) => a != null && p.agencyIds.includes(a))) roles.add('BLOC_HEAD');
  if (reviews(p, s, roles.has('BLOC_HEAD'))) roles.add('REVIEWER');
  return roles;
}

function reviews(p: Principal, s: Scope, blocHead: boolean): boolean {
  const isOfficerOf = (a: number | null | undefined) => a != null && p.agencyIds.includes(a);
  const { agencyId, headAgencyId: head, deputyAgencyId: deputy } = s;
  // Without a unit (a list page, or a route before it has loaded its record): anyone who reviews some unit.
  if (agencyId === undefined) return blocHead || (head != null && isOfficerOf(deputy));
  if (head != null && deputy != null && head !== deputy) {
    if (agencyId === head) return isOfficerOf(deputy);
    if (agencyId === deputy) return isOfficerOf(head);
  }
  // A year with no deputy leaves nobody else to review the head's unit: the head does, or the year would stall.
  if (agencyId === head && deputy == null) return blocHead;
  return blocHead && !isOfficerOf(agencyId);
}

export function can(p: Principal | undefined, action: Action, s: Scope = {}): boolean {
  if (!p) return false;
  if (s.closed && !ALLOWED_WHEN_CLOSED.has(action)) return false;
  const roles = contextRoles(p, s);
  // OWN_UNIT on a bloc-year record also requires the unit to be a member of that year.
  const allowed: readonly ContextRole[] = PERMISSIONS[action];
  return allowed.some((r) => {
    if (!roles.has(r)) return false;
    if (r === 'OWN_UNIT' && s.memberAgencyIds && !s.memberAgencyIds.includes(s.agencyId as number)) return false;
    return true;
  });
}
