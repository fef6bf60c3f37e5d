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
  change: { old?: unknown; new?: unknown; blocYearId?: number | null } = {},
): Promise<void> {
  await tx.auditLog.create({
    data: {
      userId: ctx.userId,
      ip: ctx.ip,
      action,
      entity,
      entityId: String(entityId),
      blocYearId: change.blocYearId ?? null,
      oldValue: change.old === undefined ? '' : JSON.stringify(change.old),
      newValue: change.new === undefined ? '' : JSON.stringify(change.new),
    },
  });
}
