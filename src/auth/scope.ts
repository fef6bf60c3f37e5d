// Scope guards: turn "who is asking" into a Prisma `where`, so lists and lookups only ever load
// rows the user may see (no load-then-check, no IDOR).
import type { Prisma } from '../db/client';
import type { Principal } from './principal';

const NOTHING = { id: -1 } as const;

/** Also written in SQL in currentYears (src/modules/home/service.ts): change both (tests/http/year-scope.test.ts). */
export function blocWhere(p: Principal): Prisma.BlocWhereInput {
  if (p.isAdmin) return {};
  const or: Prisma.BlocWhereInput[] = [];
  if (p.boardProvinceIds.length) or.push({ provinceId: { in: p.boardProvinceIds } });
  if (p.agencyIds.length) or.push({ years: { some: { memberships: { some: { agencyId: { in: p.agencyIds } } } } } });
  return or.length ? { OR: or } : NOTHING;
}

/** Also written in SQL in loadYear (src/modules/years/context.ts) and currentYears (src/modules/home/service.ts): change all three (tests/http/year-scope.test.ts). */
export function blocYearWhere(p: Principal): Prisma.BlocYearWhereInput {
  if (p.isAdmin) return {};
  const or: Prisma.BlocYearWhereInput[] = [];
  if (p.boardProvinceIds.length) or.push({ bloc: { provinceId: { in: p.boardProvinceIds } } });
  if (p.agencyIds.length) or.push({ memberships: { some: { agencyId: { in: p.agencyIds } } } });
  return or.length ? { OR: or } : NOTHING;
}

export function agencyWhere(p: Principal): Prisma.AgencyWhereInput {
  if (p.isAdmin) return {};
  const or: Prisma.AgencyWhereInput[] = [];
  if (p.boardProvinceIds.length) {
    or.push({ provinceId: { in: p.boardProvinceIds } });
    // regional offices sitting elsewhere but members of a bloc of the province
    or.push({ memberships: { some: { blocYear: { bloc: { provinceId: { in: p.boardProvinceIds } } } } } });
  }
  if (p.agencyIds.length) {
    or.push({ id: { in: p.agencyIds } });
    or.push({ memberships: { some: { blocYear: { memberships: { some: { agencyId: { in: p.agencyIds } } } } } } });
  }
  return or.length ? { OR: or } : NOTHING;
}
