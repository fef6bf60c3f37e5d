// The audit log: who, when, what, old → new. Written inside the same transaction as the change.
import type { Tx } from '../db/client';

export type AuditContext = { userId: number | null; ip: string };
/** A signed-in user making a change: who (for the audit row) and from where. */
export type Actor = AuditContext & { userId: number };

export async function audit(
  tx: Tx,
  ctx: AuditContext,
  action: string,
  entity: string,
  entityId: string | number,
  change: { old?: unknown; new?: unknown; blocYearId?: number | null; provinceId?: number | null } = {},
): Promise<void> {
  // A change of a bloc-year belongs to its province: the board reads its own province's log.
  let provinceId = change.provinceId ?? null;
  if (provinceId === null && change.blocYearId) {
    const y = await tx.blocYear.findUnique({ where: { id: change.blocYearId }, select: { bloc: { select: { provinceId: true } } } });
    provinceId = y?.bloc.provinceId ?? null;
  }
  await tx.auditLog.create({
    data: {
      userId: ctx.userId,
      ip: ctx.ip,
      action,
      entity,
      entityId: String(entityId),
      blocYearId: change.blocYearId ?? null,
      provinceId,
      oldValue: change.old === undefined ? '' : JSON.stringify(change.old),
      newValue: change.new === undefined ? '' : JSON.stringify(change.new),
    },
  });
}
