import type { Db } from '../../db/client';
import { ConflictError, ValidationError } from '../../http/errors';
import { hashPassword } from '../../auth/passwords';
import { pageOf, PAGE_SIZE } from '../../http/pagination';
import { audit, type AuditContext } from '../audit';
import { searchKeyFilter } from '../../db/search-keys';
import type { CreateUserInput } from './schemas';

export async function listUsers(db: Db, page: number, q: string) {
  const key = await searchKeyFilter(db, 'User', q);
  const where = key ? { searchKey: key } : {};
  const [total, items] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: { username: 'asc' },
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        username: true,
        fullName: true,
        isActive: true,
        lastLoginAt: true,
        assignments: {
          select: {
            role: true,
            province: { select: { name: true } },
            agency: { select: { versions: { orderBy: { validFrom: 'desc' }, take: 1, select: { name: true } } } },
          },
        },
      },
    }),
  ]);
  return pageOf(items, total, page);
}

/** Creates the user and its role assignment in one transaction, with the audit row. */
export async function createUser(db: Db, ctx: AuditContext, input: CreateUserInput): Promise<number> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { username: input.username }, select: { id: true } })) {
      throw new ValidationError({ username: 'Tên đăng nhập này đã có người dùng.' });
    }
    if (input.role === 'BOARD' && !(await tx.province.findUnique({ where: { id: input.provinceId! }, select: { id: true } }))) {
      throw new ValidationError({ provinceId: 'Tỉnh không tồn tại.' });
    }
    if (input.role === 'UNIT_OFFICER' && !(await tx.agency.findUnique({ where: { id: input.agencyId! }, select: { id: true } }))) {
      throw new ValidationError({ agencyId: 'Đơn vị không tồn tại.' });
    }
    const user = await tx.user
      .create({
        data: {
          username: input.username,
          fullName: input.fullName,
          jobTitle: input.jobTitle,
          passwordHash,
          assignments: {
            create: {
              role: input.role,
              provinceId: input.role === 'BOARD' ? input.provinceId : null,
              agencyId: input.role === 'UNIT_OFFICER' ? input.agencyId : null,
            },
          },
        },
      })
      .catch((e: { code?: string }) => {
        if (e.code === 'P2002') throw new ConflictError('Tên đăng nhập này đã có người dùng.');
        throw e;
      });
    await audit(tx, ctx, 'user.create', 'User', user.id, { new: { username: input.username, role: input.role, provinceId: input.provinceId, agencyId: input.agencyId } });
    return user.id;
  });
}
