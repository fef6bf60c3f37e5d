// Who is asking: the signed-in user with the scopes of their role assignments. Bloc-head powers
// are not stored here; they are derived per bloc-year from its head/deputy (see permissions.ts).
import type { Role } from '../domain/enums';

export type Principal = {
  id: number;
  username: string;
  fullName: string;
  roles: Role[];
  isAdmin: boolean;
  boardProvinceIds: number[]; // BOARD of these provinces
  agencyIds: number[]; // UNIT_OFFICER of these agencies
  passwordChangedAt: number; // ms; sessions older than this are ended
  mustChangePassword?: boolean; // a one-time password: nothing but the change until it is changed
};

type AssignmentRow = { role: string; provinceId: number | null; agencyId: number | null };
type UserRow = { id: number; username: string; fullName: string; passwordChangedAt: Date; mustChangePassword?: boolean; assignments: AssignmentRow[] };

export function toPrincipal(u: UserRow): Principal {
  const roles = [...new Set(u.assignments.map((a) => a.role as Role))];
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    roles,
    isAdmin: roles.includes('ADMIN'),
    boardProvinceIds: u.assignments.filter((a) => a.role === 'BOARD' && a.provinceId !== null).map((a) => a.provinceId as number),
    agencyIds: u.assignments.filter((a) => a.role === 'UNIT_OFFICER' && a.agencyId !== null).map((a) => a.agencyId as number),
    passwordChangedAt: u.passwordChangedAt.getTime(),
    mustChangePassword: u.mustChangePassword ?? false,
  };
}
