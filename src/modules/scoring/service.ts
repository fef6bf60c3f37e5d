// Self-scoring (tự chấm), the head's review (thẩm định), appeals, evidence files, progress.
// Rules live here; every write is one transaction with its audit row; the sheet's version column
// detects two officers saving the same sheet at once.
import { Prisma, type Db, type Tx } from '../../db/client';
import type { Period } from '../../domain/enums';
import { sheetTotals, parsePoints, scoreError, tableMax } from '../../domain/scoring';
import { canSelfScore, canReview } from '../../domain/phases';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../http/errors';
import { duplicateFields, INT_MAX } from '../../http/validate';
import { storeEvidence, removeStored } from './files';
import { audit, type Actor } from '../audit';
import type { YearContext } from '../years/context';
import { raw } from '../../db/raw';
import { CLOSED_YEAR, lockYearIn, OPEN_YEAR, type LockedYear } from '../years/lock';
import { namesList, type BulkPick } from '../../http/bulk';
import { formatPoints } from '../../i18n/format';
import { EVIDENCE_MAX_CHARS, RETURN_REASON_MAX_CHARS, REVIEW_REASON_MAX_CHARS, SCORE_MAX_CHARS } from './limits';

const CONFLICT = 'Bảng điểm vừa được lưu ở nơi khác (có thể bởi một cán bộ khác của đơn vị). Vui lòng tải lại trang để xem bản mới nhất rồi nhập lại.';

type TableRow = {
  id: unknown; provinceId: unknown; blocYearId: unknown; name: string; baseTotal: unknown; sourceTableId: unknown;
  lockedAt: unknown; version: unknown; createdAt: unknown; updatedAt: unknown;
  gId: unknown; gSortOrder: unknown; gCode: string | null; gName: string | null; gIsCoreTask: unknown;
};
type CriterionRow = { id: unknown; tableId: unknown; groupId: unknown; sortOrder: unknown; code: string; name: string; kind: string; maxCenti: unknown; stepCenti: unknown; guidance: string };

/** The year's criteria table (its latest), with its groups and criteria in their order: two queries. */
export async function loadTable(db: Db | Tx, blocYearId: number) {
  // the table with its groups, one row per group (one row with no group for an empty table)
  const rows = await db.$queryRaw<TableRow[]>`
    SELECT t."id", t."provinceId", t."blocYearId", t."name", t."baseTotal", t."sourceTableId", t."lockedAt", t."version", t."createdAt", t."updatedAt",
           g."id" AS "gId", g."sortOrder" AS "gSortOrder", g."code" AS "gCode", g."name" AS "gName", g."isCoreTask" AS "gIsCoreTask"
    FROM "CriteriaTable" t
    LEFT JOIN "CriteriaGroup" g ON g."tableId" = t."id"
    WHERE t."id" = (SELECT MAX(l."id") FROM "CriteriaTable" l WHERE l."blocYearId" = ${blocYearId})
    ORDER BY g."sortOrder", g."id"`;
  const row = rows[0];
  if (!row) return null;
  const tableId = raw.int(row.id);
  const criteriaRows = await db.$queryRaw<CriterionRow[]>`
    SELECT c."id", c."tableId", c."groupId", c."sortOrder", c."code", c."name", c."kind", c."maxCenti", c."stepCenti", c."guidance"
    FROM "Criterion" c
    WHERE c."tableId" = ${tableId}
    ORDER BY c."sortOrder", c."id"`;
  const tableGroups: Prisma.CriteriaGroupModel[] = rows
    .filter((g) => g.gId !== null)
    .map((g) => ({ id: raw.int(g.gId), tableId, sortOrder: raw.int(g.gSortOrder), code: g.gCode as string, name: g.gName as string, isCoreTask: raw.bool(g.gIsCoreTask) }));
  const criteria: Prisma.CriterionModel[] = criteriaRows.map((c) => ({
    id: raw.int(c.id),
    tableId: raw.int(c.tableId),
    groupId: raw.int(c.groupId),
    sortOrder: raw.int(c.sortOrder),
    code: c.code,
    name: c.name,
    kind: c.kind,
    maxCenti: raw.int(c.maxCenti),
    stepCenti: raw.int(c.stepCenti),
    guidance: c.guidance,
  }));
  const table = {
    id: tableId,
    provinceId: raw.intOrNull(row.provinceId),
    blocYearId: raw.intOrNull(row.blocYearId),
    name: row.name,
    baseTotal: raw.int(row.baseTotal),
    sourceTableId: raw.intOrNull(row.sourceTableId),
    lockedAt: raw.dateOrNull(row.lockedAt),
    version: raw.int(row.version),
    createdAt: raw.date(row.createdAt),
    updatedAt: raw.date(row.updatedAt),
    groups: tableGroups,
    criteria,
  };
  const groups = table.groups.map((g) => ({ ...g, criteria: table.criteria.filter((c) => c.groupId === g.id) }));
  const coreGroupIds = new Set(table.groups.filter((g) => g.isCoreTask).map((g) => g.id));
  return { table, groups, criteria: table.criteria, coreGroupIds, max: tableMax(table.criteria) };
}
export type LoadedTable = NonNullable<Awaited<ReturnType<typeof loadTable>>>;

export async function requireTable(db: Db | Tx, y: YearContext): Promise<LoadedTable> {
  const t = await loadTable(db, y.blocYear.id);
  if (!t) throw new ConflictError('Năm thi đua chưa có bảng tiêu chí: Khối trưởng cần lập bảng tiêu chí trước.');
  return t;
}

type SheetRow = {
  id: unknown; blocYearId: unknown; agencyId: unknown; period: string; status: string; submittedAt: unknown; submittedById: unknown;
  reviewedAt: unknown; reviewedById: unknown; returnReason: string; tasksCompleted: unknown; version: unknown; createdAt: unknown; updatedAt: unknown;
  eId: unknown; eCriterionId: unknown; eSelfCenti: unknown; eEvidenceText: string | null; eReviewedCenti: unknown; eReviewReason: string | null;
  eStatus: string | null; eUpdatedAt: unknown; eCreatedAt: unknown;
  fId: unknown; fOriginalName: string | null; fSizeBytes: unknown; fUploadedAt: unknown;
};
type AppealRow = {
  id: unknown; entryId: unknown; reason: string; evidenceText: string; status: string; resolution: string; resolvedCenti: unknown;
  createdById: unknown; resolvedById: unknown; createdAt: unknown; resolvedAt: unknown;
};
type SheetFile = { id: number; originalName: string; sizeBytes: number; uploadedAt: Date };
type SheetEntry = Prisma.ScoreEntryModel & { files: SheetFile[]; appeals: Prisma.AppealModel[] };

/** One unit's sheet of a period with the table: its entries with their evidence files and appeals in two queries. */
export async function loadSheet(db: Db, y: YearContext, agencyId: number, period: Period) {
  const t = await requireTable(db, y);
  const ofSheet = Prisma.sql`s."blocYearId" = ${y.blocYear.id} AND s."agencyId" = ${agencyId} AND s."period" = ${period}`;
  const [rows, appealRows] = await Promise.all([
    // one row per file of an entry (one for an entry without files, one for a sheet without entries)
    db.$queryRaw<SheetRow[]>`
      SELECT s."id", s."blocYearId", s."agencyId", s."period", s."status", s."submittedAt", s."submittedById", s."reviewedAt", s."reviewedById",
             s."returnReason", s."tasksCompleted", s."version", s."createdAt", s."updatedAt",
             e."id" AS "eId", e."criterionId" AS "eCriterionId", e."selfCenti" AS "eSelfCenti", e."evidenceText" AS "eEvidenceText",
             e."reviewedCenti" AS "eReviewedCenti", e."reviewReason" AS "eReviewReason", e."status" AS "eStatus", e."updatedAt" AS "eUpdatedAt", e."createdAt" AS "eCreatedAt",
             f."id" AS "fId", f."originalName" AS "fOriginalName", f."sizeBytes" AS "fSizeBytes", f."uploadedAt" AS "fUploadedAt"
      FROM "ScoreSheet" s
      LEFT JOIN "ScoreEntry" e ON e."sheetId" = s."id"
      LEFT JOIN "EvidenceFile" f ON f."entryId" = e."id" AND f."deletedAt" IS NULL
      WHERE ${ofSheet}
      ORDER BY e."criterionId", e."id", f."id"`,
    db.$queryRaw<AppealRow[]>`
      SELECT a."id", a."entryId", a."reason", a."evidenceText", a."status", a."resolution", a."resolvedCenti", a."createdById", a."resolvedById", a."createdAt", a."resolvedAt"
      FROM "Appeal" a
      JOIN "ScoreEntry" e ON e."id" = a."entryId"
      JOIN "ScoreSheet" s ON s."id" = e."sheetId"
      WHERE ${ofSheet}
      ORDER BY a."id"`,
  ]);
  const first = rows[0];
  const sheetId = first ? raw.int(first.id) : 0;
  const byEntry = new Map<number, SheetEntry>();
  for (const r of rows) {
    if (r.eId === null) continue;
    const entryId = raw.int(r.eId);
    let e = byEntry.get(entryId);
    if (!e) {
      e = {
        id: entryId,
        sheetId,
        criterionId: raw.int(r.eCriterionId),
        selfCenti: raw.intOrNull(r.eSelfCenti),
        evidenceText: r.eEvidenceText as string,
        reviewedCenti: raw.intOrNull(r.eReviewedCenti),
        reviewReason: r.eReviewReason as string,
        status: r.eStatus as string,
        updatedAt: raw.date(r.eUpdatedAt),
        createdAt: raw.date(r.eCreatedAt),
        files: [],
        appeals: [],
      };
      byEntry.set(entryId, e);
    }
    if (r.fId !== null) e.files.push({ id: raw.int(r.fId), originalName: r.fOriginalName as string, sizeBytes: raw.int(r.fSizeBytes), uploadedAt: raw.date(r.fUploadedAt) });
  }
  for (const a of appealRows) {
    byEntry.get(raw.int(a.entryId))?.appeals.push({
      id: raw.int(a.id),
      entryId: raw.int(a.entryId),
      reason: a.reason,
      evidenceText: a.evidenceText,
      status: a.status,
      resolution: a.resolution,
      resolvedCenti: raw.intOrNull(a.resolvedCenti),
      createdById: raw.int(a.createdById),
      resolvedById: raw.intOrNull(a.resolvedById),
      createdAt: raw.date(a.createdAt),
      resolvedAt: raw.dateOrNull(a.resolvedAt),
    });
  }
  const sheet = first
    ? {
        id: sheetId,
        blocYearId: raw.int(first.blocYearId),
        agencyId: raw.int(first.agencyId),
        period: first.period,
        status: first.status,
        submittedAt: raw.dateOrNull(first.submittedAt),
        submittedById: raw.intOrNull(first.submittedById),
        reviewedAt: raw.dateOrNull(first.reviewedAt),
        reviewedById: raw.intOrNull(first.reviewedById),
        returnReason: first.returnReason,
        tasksCompleted: raw.bool(first.tasksCompleted),
        version: raw.int(first.version),
        createdAt: raw.date(first.createdAt),
        updatedAt: raw.date(first.updatedAt),
        entries: [...byEntry.values()],
      }
    : null;
  const entries = new Map((sheet?.entries ?? []).map((e) => [e.criterionId, e]));
  const totals = sheetTotals(t.criteria, sheet?.entries ?? [], t.coreGroupIds);
  return { ...t, sheet, entries, totals, status: sheet?.status ?? null };
}

function memberOr404(y: YearContext, agencyId: number) {
  const m = y.members.find((x) => x.agencyId === agencyId);
  if (!m) throw new NotFoundError('Đơn vị không phải thành viên của khối trong năm này.');
  return m;
}

type Body = Record<string, unknown>;
const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max + 1) : '');

/** The sheet form has no list field: a field sent twice (score_70=8&score_70=9) is refused, not read as empty. */
function refuseDuplicates(body: Body): void {
  const dup = duplicateFields(body);
  if (Object.keys(dup).length) throw new ValidationError(dup, 'Biểu mẫu gửi lên một ô nhiều lần. Vui lòng tải lại trang và nhập lại.');
}

/** The sheet's version the form was loaded with (bounded: it goes into a query); `ifAbsent` when not sent. */
function formVersionOf(body: Body, ifAbsent: number): number {
  if (body.version === undefined || body.version === '') return ifAbsent;
  const v = Number(body.version);
  if (!Number.isInteger(v) || v < 0 || v > INT_MAX) throw new ValidationError({ _form: 'Phiên bản bảng điểm không hợp lệ. Vui lòng tải lại trang.' });
  return v;
}

/** A frozen review (sơ kết, tổng kết) is a snapshot of its period's scores: they change no more after it. */
const periodFrozen = (s: LockedYear, period: Period) => (period === 'MID_YEAR' ? s.midYearFrozen : s.yearEndFrozen);
const FROZEN: Record<Period, string> = {
  MID_YEAR: 'Kết quả sơ kết 6 tháng đã được chốt: điểm kỳ này không thay đổi được nữa.',
  YEAR_END: 'Kết quả tổng kết năm đã được chốt: điểm cả năm không thay đổi được nữa.',
};

// ───────────────────────────── Self-scoring ─────────────────────────────

export async function saveSelfScores(db: Db, y: YearContext, actor: Actor, agencyId: number, period: Period, body: Body, submit: boolean) {
  y.authorize('score.self', agencyId);
  memberOr404(y, agencyId);
  refuseDuplicates(body);
  const t = await requireTable(db, y);
  const formVersion = formVersionOf(body, 0);

  // Validate every field before touching the database.
  const errors: Record<string, string> = {};
  const input = new Map<number, { selfCenti: number | null; evidenceText: string }>();
  for (const c of t.criteria) {
    const raw = str(body[`score_${c.id}`], SCORE_MAX_CHARS);
    const evidenceText = str(body[`evidence_${c.id}`], EVIDENCE_MAX_CHARS).trim();
    if (evidenceText.length > EVIDENCE_MAX_CHARS) errors[`evidence_${c.id}`] = 'Minh chứng tối đa 5.000 ký tự.';
    const centi = parsePoints(raw);
    if (centi !== null) {
      const err = scoreError(centi, c);
      if (err) errors[`score_${c.id}`] = err;
    }
    input.set(c.id, { selfCenti: centi !== null && !Number.isNaN(centi) ? centi : null, evidenceText });
  }
  if (submit) {
    for (const c of t.criteria) {
      if (input.get(c.id)!.selfCenti === null && !errors[`score_${c.id}`]) {
        errors[`score_${c.id}`] = c.kind === 'NORMAL' ? 'Cần chấm điểm tiêu chí này trước khi gửi.' : 'Cần nhập điểm (ghi 0 nếu không có) trước khi gửi.';
      }
    }
  }
  if (Object.keys(errors).length) {
    throw new ValidationError(errors, submit ? 'Chưa gửi được bảng điểm: vui lòng kiểm tra các tiêu chí được đánh dấu.' : 'Chưa lưu được: vui lòng kiểm tra các ô được đánh dấu.');
  }

  return db.$transaction(async (tx) => {
    const state = await lockYearIn(tx, y);
    let sheet = await tx.scoreSheet.findUnique({ where: { blocYearId_agencyId_period: { blocYearId: y.blocYear.id, agencyId, period } } });
    if (!canSelfScore(state, period, sheet?.status ?? null)) {
      throw new ConflictError(
        sheet?.status === 'SUBMITTED' || sheet?.status === 'ACCEPTED'
          ? 'Bảng điểm đã gửi: không sửa được nữa, trừ khi Khối trưởng trả lại.'
          : 'Giai đoạn hiện tại của năm thi đua không cho phép tự chấm điểm kỳ này.',
      );
    }
    const now = new Date();
    const nextStatus = submit ? 'SUBMITTED' : sheet?.status === 'RETURNED' ? 'RETURNED' : 'DRAFT';
    if (!sheet) {
      if (formVersion !== 0) throw new ConflictError(CONFLICT);
      sheet = await tx.scoreSheet
        .create({ data: { blocYearId: y.blocYear.id, agencyId, period, status: nextStatus, submittedAt: submit ? now : null, submittedById: submit ? actor.userId : null } })
        .catch((e: { code?: string }) => {
          if (e.code === 'P2002') throw new ConflictError(CONFLICT);
          throw e;
        });
    } else {
      const { count } = await tx.scoreSheet.updateMany({
        where: { id: sheet.id, version: formVersion },
        data: { version: { increment: 1 }, status: nextStatus, ...(submit ? { submittedAt: now, submittedById: actor.userId, returnReason: '' } : {}) },
      });
      if (count === 0) throw new ConflictError(CONFLICT);
    }
    const existing = await tx.scoreEntry.findMany({ where: { sheetId: sheet.id } });
    const byCriterion = new Map(existing.map((e) => [e.criterionId, e]));
    const toCreate = [];
    const changes: { criterion: string; old: number | null; new: number | null }[] = [];
    for (const c of t.criteria) {
      const v = input.get(c.id)!;
      const e = byCriterion.get(c.id);
      if (!e) {
        if (v.selfCenti !== null || v.evidenceText) toCreate.push({ sheetId: sheet.id, criterionId: c.id, selfCenti: v.selfCenti, evidenceText: v.evidenceText });
        if (v.selfCenti !== null) changes.push({ criterion: c.code, old: null, new: v.selfCenti });
        continue;
      }
      const resubmitReturned = submit && e.status === 'RETURNED';
      if (e.selfCenti !== v.selfCenti || e.evidenceText !== v.evidenceText || resubmitReturned) {
        await tx.scoreEntry.update({
          where: { id: e.id },
          data: { selfCenti: v.selfCenti, evidenceText: v.evidenceText, ...(resubmitReturned ? { status: 'PENDING' } : {}) },
        });
        if (e.selfCenti !== v.selfCenti) changes.push({ criterion: c.code, old: e.selfCenti, new: v.selfCenti });
      }
    }
    if (toCreate.length) await tx.scoreEntry.createMany({ data: toCreate });
    await audit(tx, actor, submit ? 'score.submit' : 'score.save', 'ScoreSheet', sheet.id, {
      blocYearId: y.blocYear.id,
      old: { status: sheet.status },
      new: { status: nextStatus, period, changes },
    });
    return { sheetId: sheet.id, status: nextStatus };
  });
}

// ───────────────────────────── The head's review ─────────────────────────────

export type ReviewAction = 'save' | 'return' | 'accept';

const PHASE_REVIEW = 'Giai đoạn hiện tại không cho phép thẩm định bảng điểm kỳ này.';

export async function reviewSheet(db: Db, y: YearContext, actor: Actor, agencyId: number, period: Period, body: Body, action: ReviewAction) {
  y.authorize('score.review', agencyId);
  memberOr404(y, agencyId);
  if (!canReview(y.state, period)) throw new ConflictError(PHASE_REVIEW);
  refuseDuplicates(body);
  const t = await requireTable(db, y);
  const formVersion = formVersionOf(body, -1); // absent: matches no sheet, so a 409

  const errors: Record<string, string> = {};
  const input = new Map<number, { reviewed: number | null; reason: string; returned: boolean }>();
  for (const c of t.criteria) {
    const raw = str(body[`reviewed_${c.id}`], SCORE_MAX_CHARS);
    const reason = str(body[`reason_${c.id}`], REVIEW_REASON_MAX_CHARS).trim();
    const returned = body[`return_${c.id}`] === '1' || body[`return_${c.id}`] === 'on';
    const centi = parsePoints(raw);
    if (centi !== null) {
      const err = scoreError(centi, c);
      if (err) errors[`reviewed_${c.id}`] = err;
    }
    if (reason.length > REVIEW_REASON_MAX_CHARS) errors[`reason_${c.id}`] = 'Lý do tối đa 1.000 ký tự.';
    input.set(c.id, { reviewed: centi !== null && !Number.isNaN(centi) ? centi : null, reason, returned });
  }
  const returnReason = str(body.returnReason, RETURN_REASON_MAX_CHARS).trim();

  return db.$transaction(async (tx) => {
    await lockYearIn(tx, y, (s) => canReview(s, period) && !periodFrozen(s, period), PHASE_REVIEW);
    const sheet = await tx.scoreSheet.findUnique({
      where: { blocYearId_agencyId_period: { blocYearId: y.blocYear.id, agencyId, period } },
      include: { entries: true },
    });
    if (!sheet) throw new NotFoundError('Đơn vị chưa có bảng điểm kỳ này.');
    if (sheet.status !== 'SUBMITTED') {
      throw new ConflictError(sheet.status === 'ACCEPTED' ? 'Bảng điểm đã được thẩm định xong.' : 'Đơn vị chưa gửi bảng điểm (hoặc bảng điểm đang được trả lại để sửa).');
    }
    const entries = new Map(sheet.entries.map((e) => [e.criterionId, e]));
    for (const c of t.criteria) {
      const v = input.get(c.id)!;
      const self = entries.get(c.id)?.selfCenti ?? null;
      if (v.reviewed !== null && v.reviewed !== self && v.reason.length < 3) errors[`reason_${c.id}`] = 'Cần ghi lý do khi điểm thẩm định khác điểm tự chấm.';
      if (v.returned && v.reason.length < 3) errors[`reason_${c.id}`] = 'Cần ghi lý do trả lại tiêu chí này.';
      if (v.returned && action === 'accept') errors[`return_${c.id}`] = 'Bỏ đánh dấu trả lại trước khi chấp nhận bảng điểm.';
    }
    const anyReturned = [...input.values()].some((v) => v.returned);
    if (action === 'return' && !anyReturned && returnReason.length < 3) errors.returnReason = 'Cần chọn tiêu chí trả lại hoặc ghi lý do trả lại bảng điểm.';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    return writeReview(tx, y, actor, t, sheet, { input, action, formVersion, returnReason, period });
  });
}

type ReviewedSheet = {
  id: number;
  status: string;
  entries: { id: number; criterionId: number; selfCenti: number | null; reviewedCenti: number | null; reviewReason: string; status: string }[];
};
type ReviewInput = Map<number, { reviewed: number | null; reason: string; returned: boolean }>;

/**
 * The review of one sent sheet, written entry by entry with its audit row (one per sheet), only if
 * the sheet is still at `formVersion`. Accepting takes the self score wherever the reviewer left
 * the reviewed score empty. Shared by the one-sheet form and the list's bulk accept.
 */
async function writeReview(
  tx: Tx,
  y: YearContext,
  actor: Actor,
  t: LoadedTable,
  sheet: ReviewedSheet,
  r: { input: ReviewInput; action: ReviewAction; formVersion: number; returnReason: string; period: Period; bulk?: boolean },
) {
  const { input, action, formVersion, returnReason, period } = r;
  const entries = new Map(sheet.entries.map((e) => [e.criterionId, e]));
  const now = new Date();
  const status = action === 'return' ? 'RETURNED' : action === 'accept' ? 'ACCEPTED' : 'SUBMITTED';
  const { count } = await tx.scoreSheet.updateMany({
    where: { id: sheet.id, version: formVersion, status: 'SUBMITTED' },
    data: {
      version: { increment: 1 },
      status,
      ...(action === 'save' ? {} : { reviewedAt: now, reviewedById: actor.userId }),
      ...(action === 'return' ? { returnReason } : {}),
    },
  });
  if (count === 0) throw new ConflictError('Bảng điểm vừa được cập nhật ở nơi khác. Vui lòng tải lại trang.');

  const changes: { criterion: string; self: number | null; old: number | null; new: number | null; reason: string }[] = [];
  for (const c of t.criteria) {
    const v = input.get(c.id)!;
    const e = entries.get(c.id);
    const self = e?.selfCenti ?? null;
    const reviewed = action === 'accept' ? (v.reviewed ?? self) : v.reviewed;
    const entryStatus = v.returned ? 'RETURNED' : reviewed === null ? 'PENDING' : reviewed === self ? 'AGREED' : 'CHANGED';
    const reason = reviewed !== null && reviewed !== self ? v.reason : v.returned ? v.reason : '';
    if (!e) {
      await tx.scoreEntry.create({ data: { sheetId: sheet.id, criterionId: c.id, reviewedCenti: reviewed, reviewReason: reason, status: entryStatus } });
    } else if (e.reviewedCenti !== reviewed || e.reviewReason !== reason || e.status !== entryStatus) {
      await tx.scoreEntry.update({ where: { id: e.id }, data: { reviewedCenti: reviewed, reviewReason: reason, status: entryStatus } });
    }
    if ((e?.reviewedCenti ?? null) !== reviewed || v.returned) changes.push({ criterion: c.code, self, old: e?.reviewedCenti ?? null, new: reviewed, reason });
  }
  await audit(tx, actor, `score.review.${action}`, 'ScoreSheet', sheet.id, {
    blocYearId: y.blocYear.id,
    old: { status: sheet.status },
    new: { status, period, returnReason: action === 'return' ? returnReason : undefined, changes, ...(r.bulk ? { bulk: true } : {}) },
  });
  return { status };
}

/** A sent sheet the reviewer has not changed: no reviewed score differs from the self score, no criterion returned. */
export const unchangedByReview = (entries: readonly { selfCenti: number | null; reviewedCenti: number | null; status: string }[]) =>
  entries.every((e) => e.status !== 'RETURNED' && (e.reviewedCenti === null || e.reviewedCenti === e.selfCenti));

/**
 * The reviewer accepts several sent sheets of a period at once, all or nothing, each as the one-sheet
 * accept would with an untouched form (reviewed = self where not reviewed yet). Only sheets without
 * changes qualify: a sheet changed since the list was loaded (its version moved on) is skipped and
 * named; one the list could not have offered (not sent, or with changed scores to justify one by
 * one) refuses the whole request. Audited per unit.
 */
export async function acceptSheets(db: Db, y: YearContext, actor: Actor, period: Period, picks: readonly BulkPick[]) {
  y.authorize('score.review');
  for (const pick of picks) {
    memberOr404(y, pick.agencyId);
    y.authorize('score.review', pick.agencyId);
  }
  if (!canReview(y.state, period)) throw new ConflictError(PHASE_REVIEW);
  const t = await requireTable(db, y);
  return db.$transaction(async (tx) => {
    await lockYearIn(tx, y, (s) => canReview(s, period) && !periodFrozen(s, period), PHASE_REVIEW);
    const sheets = await tx.scoreSheet.findMany({
      where: { blocYearId: y.blocYear.id, period, agencyId: { in: picks.map((p) => p.agencyId) } },
      include: { entries: true },
    });
    const byAgency = new Map(sheets.map((s) => [s.agencyId, s]));
    const accepted: { agencyId: number; name: string }[] = [];
    const skipped: { agencyId: number; name: string }[] = [];
    const notSent: string[] = [];
    const changed: string[] = [];
    for (const pick of picks) {
      const sheet = byAgency.get(pick.agencyId);
      const member = memberOr404(y, pick.agencyId);
      if (sheet && sheet.version !== pick.version) skipped.push(member);
      else if (!sheet || sheet.status !== 'SUBMITTED') notSent.push(member.name);
      else if (!unchangedByReview(sheet.entries)) changed.push(member.name);
      else accepted.push(member);
    }
    if (notSent.length) throw new ConflictError(`Chỉ chấp nhận được bảng điểm đã gửi: ${namesList(notSent)} chưa gửi bảng điểm. Không bảng điểm nào được chấp nhận; vui lòng bỏ chọn các đơn vị này.`);
    if (changed.length) {
      throw new ConflictError(`Bảng điểm của ${namesList(changed)} có điểm thẩm định khác điểm tự chấm hoặc tiêu chí bị trả lại: cần thẩm định từng bảng. Không bảng điểm nào được chấp nhận.`);
    }
    for (const member of accepted) {
      const sheet = byAgency.get(member.agencyId)!;
      const reviewedOf = new Map(sheet.entries.map((e) => [e.criterionId, e.reviewedCenti]));
      const input: ReviewInput = new Map(t.criteria.map((c) => [c.id, { reviewed: reviewedOf.get(c.id) ?? null, reason: '', returned: false }]));
      await writeReview(tx, y, actor, t, sheet, { input, action: 'accept', formVersion: sheet.version, returnReason: '', period, bulk: true });
    }
    return { accepted, skipped };
  });
}

// ───────────────────────────── Appeals ─────────────────────────────

/** `now` is the request's clock (config.now): the deadline is judged on it, so tests move it instead of waiting. */
export async function fileAppeal(db: Db, y: YearContext, actor: Actor, agencyId: number, criterionId: number, period: Period, input: { reason: string; evidenceText: string }, now: Date) {
  y.authorize('score.appeal', agencyId);
  const until = y.blocYear.appealUntil;
  if (!until) throw new ConflictError('Khối trưởng chưa mở thời hạn khiếu nại điểm thẩm định.');
  const endOfDay = new Date(until.getTime());
  endOfDay.setUTCHours(23, 59, 59, 999);
  if (now.getTime() > endOfDay.getTime()) throw new ConflictError(`Đã hết thời hạn khiếu nại (đến hết ngày ${until.toISOString().slice(8, 10)}/${until.toISOString().slice(5, 7)}/${until.toISOString().slice(0, 4)}).`);
  return db.$transaction(async (tx) => {
    const state = await lockYearIn(tx, y, OPEN_YEAR, CLOSED_YEAR);
    if (periodFrozen(state, period)) throw new ConflictError(FROZEN[period]);
    const entry = await tx.scoreEntry.findFirst({
      where: { criterionId, sheet: { blocYearId: y.blocYear.id, agencyId, period } },
      include: { sheet: true, appeals: true },
    });
    if (!entry) throw new NotFoundError('Không tìm thấy điểm của tiêu chí này.');
    if (entry.sheet.status !== 'ACCEPTED') throw new ConflictError('Chỉ khiếu nại được khi bảng điểm đã được thẩm định xong.');
    if (entry.reviewedCenti === null || entry.reviewedCenti === entry.selfCenti) throw new ConflictError('Điểm tiêu chí này không bị thay đổi khi thẩm định, không cần khiếu nại.');
    if (entry.appeals.length) throw new ConflictError('Đơn vị đã khiếu nại điểm của tiêu chí này.');
    const appeal = await tx.appeal.create({ data: { entryId: entry.id, reason: input.reason, evidenceText: input.evidenceText, createdById: actor.userId } });
    await audit(tx, actor, 'score.appeal', 'Appeal', appeal.id, { blocYearId: y.blocYear.id, new: { criterionId, reviewed: entry.reviewedCenti, reason: input.reason } });
    return appeal.id;
  });
}

export async function resolveAppeal(db: Db, y: YearContext, actor: Actor, appealId: number, input: { outcome: 'UPHELD' | 'REJECTED'; score: string; resolution: string }) {
  y.authorize('score.review');
  return db.$transaction(async (tx) => {
    const state = await lockYearIn(tx, y, OPEN_YEAR, CLOSED_YEAR);
    const appeal = await tx.appeal.findFirst({
      where: { id: appealId, entry: { sheet: { blocYearId: y.blocYear.id } } },
      include: { entry: { include: { criterion: true, sheet: { select: { period: true, agencyId: true } } } } },
    });
    if (!appeal) throw new NotFoundError('Không tìm thấy khiếu nại.');
    y.authorize('score.review', appeal.entry.sheet.agencyId);
    if (appeal.status !== 'OPEN') throw new ConflictError('Khiếu nại này đã được giải quyết.');
    const period = appeal.entry.sheet.period as Period;
    if (periodFrozen(state, period)) throw new ConflictError(FROZEN[period]);
    let newScore: number | null = null;
    if (input.outcome === 'UPHELD') {
      newScore = parsePoints(input.score);
      const err = newScore === null ? 'Cần nhập điểm sau khi chấp nhận khiếu nại.' : scoreError(newScore, appeal.entry.criterion);
      if (err) throw new ValidationError({ score: err });
    }
    const { count } = await tx.appeal.updateMany({
      where: { id: appeal.id, status: 'OPEN' },
      data: { status: input.outcome, resolution: input.resolution, resolvedCenti: newScore, resolvedById: actor.userId, resolvedAt: new Date() },
    });
    if (count === 0) throw new ConflictError('Khiếu nại này đã được giải quyết.');
    if (newScore !== null) {
      const agreed = newScore === appeal.entry.selfCenti;
      await tx.scoreEntry.update({
        where: { id: appeal.entryId },
        data: { reviewedCenti: newScore, status: agreed ? 'AGREED' : 'CHANGED', reviewReason: agreed ? '' : `${appeal.entry.reviewReason} (sau khiếu nại: ${input.resolution})`.trim() },
      });
    }
    await audit(tx, actor, 'score.appeal.resolve', 'Appeal', appeal.id, {
      blocYearId: y.blocYear.id,
      old: { reviewed: appeal.entry.reviewedCenti },
      new: { outcome: input.outcome, reviewed: newScore ?? appeal.entry.reviewedCenti, resolution: input.resolution },
    });
  });
}

/** The unit an appeal of this year is about, so the route can ask who reviews it before reading the form (404 if none). */
export async function appealAgencyId(db: Db, y: YearContext, appealId: number): Promise<number> {
  const appeal = await db.appeal.findFirst({ where: { id: appealId, entry: { sheet: { blocYearId: y.blocYear.id } } }, select: { entry: { select: { sheet: { select: { agencyId: true } } } } } });
  if (!appeal) throw new NotFoundError('Không tìm thấy khiếu nại.');
  return appeal.entry.sheet.agencyId;
}

// ───────────────────────────── Overview and progress ─────────────────────────────

type OverviewRow = {
  agencyId: unknown; status: string; version: unknown; submittedAt: unknown;
  criterionId: unknown; selfCenti: unknown; reviewedCenti: unknown; entryStatus: string | null; openAppeal: unknown;
};
type OverviewSheet = {
  agencyId: number;
  status: string;
  version: number;
  submittedAt: Date | null;
  entries: { criterionId: number; selfCenti: number | null; reviewedCenti: number | null; status: string }[];
};

/** Every member's sheet of a period side by side: criteria × units. 3 queries whatever the size. */
export async function sheetsOverview(db: Db, y: YearContext, period: Period) {
  const [t, rows] = await Promise.all([
    loadTable(db, y.blocYear.id),
    // one row per entry (one for a sheet without entries), with whether the entry has an open appeal
    db.$queryRaw<OverviewRow[]>`
      SELECT s."agencyId", s."status", s."version", s."submittedAt",
             e."criterionId" AS "criterionId", e."selfCenti" AS "selfCenti", e."reviewedCenti" AS "reviewedCenti", e."status" AS "entryStatus",
             CASE WHEN EXISTS (SELECT 1 FROM "Appeal" a WHERE a."entryId" = e."id" AND a."status" = ${'OPEN'}) THEN 1 ELSE 0 END AS "openAppeal"
      FROM "ScoreSheet" s
      LEFT JOIN "ScoreEntry" e ON e."sheetId" = s."id"
      WHERE s."blocYearId" = ${y.blocYear.id} AND s."period" = ${period}
      ORDER BY s."agencyId", e."criterionId"`,
  ]);
  const sheets = new Map<number, OverviewSheet>();
  const openAppeals = new Map<number, number>(); // entries with an open appeal, per unit
  for (const r of rows) {
    const agencyId = raw.int(r.agencyId);
    let s = sheets.get(agencyId);
    if (!s) {
      s = { agencyId, status: r.status, version: raw.int(r.version), submittedAt: raw.dateOrNull(r.submittedAt), entries: [] };
      sheets.set(agencyId, s);
    }
    if (r.criterionId === null) continue;
    s.entries.push({ criterionId: raw.int(r.criterionId), selfCenti: raw.intOrNull(r.selfCenti), reviewedCenti: raw.intOrNull(r.reviewedCenti), status: r.entryStatus as string });
    if (raw.bool(r.openAppeal)) openAppeals.set(agencyId, (openAppeals.get(agencyId) ?? 0) + 1);
  }
  const columns = y.members.map((m) => {
    const s = sheets.get(m.agencyId);
    const cells = new Map((s?.entries ?? []).map((e) => [e.criterionId, e]));
    return {
      member: m,
      status: s?.status ?? null,
      version: s?.version ?? null,
      // sent and not changed by the reviewer: may be accepted with others from the list
      unchanged: s ? unchangedByReview(s.entries) : false,
      submittedAt: s?.submittedAt ?? null,
      openAppeals: openAppeals.get(m.agencyId) ?? 0, // entries with an open appeal
      cells,
      totals: t ? sheetTotals(t.criteria, s?.entries ?? [], t.coreGroupIds) : null,
    };
  });
  return { t, columns };
}

type PledgeRow = { publishedAt: unknown; agencyId: unknown; signedAt: unknown };

/** The year's pledge (null if none) with its signatures, in one query. */
async function pledgeWithSignatures(db: Db, blocYearId: number) {
  const rows = await db.$queryRaw<PledgeRow[]>`
    SELECT p."publishedAt", g."agencyId" AS "agencyId", g."signedAt" AS "signedAt"
    FROM "Pledge" p
    LEFT JOIN "PledgeSignature" g ON g."pledgeId" = p."id"
    WHERE p."blocYearId" = ${blocYearId}
    ORDER BY g."id"`;
  if (!rows.length) return null;
  return {
    publishedAt: raw.dateOrNull(rows[0].publishedAt),
    signatures: rows.filter((r) => r.agencyId !== null).map((r) => ({ agencyId: raw.int(r.agencyId), signedAt: raw.date(r.signedAt) })),
  };
}

export async function progress(db: Db, y: YearContext) {
  const [registrations, pledge, sheets] = await Promise.all([
    db.registration.findMany({ where: { blocYearId: y.blocYear.id }, select: { agencyId: true, status: true, submittedAt: true } }),
    pledgeWithSignatures(db, y.blocYear.id),
    db.scoreSheet.findMany({ where: { blocYearId: y.blocYear.id }, select: { agencyId: true, period: true, status: true, submittedAt: true } }),
  ]);
  const rows = y.members.map((m) => ({
    member: m,
    registration: registrations.find((r) => r.agencyId === m.agencyId) ?? null,
    signature: pledge?.signatures.find((s) => s.agencyId === m.agencyId) ?? null,
    mid: sheets.find((s) => s.agencyId === m.agencyId && s.period === 'MID_YEAR') ?? null,
    end: sheets.find((s) => s.agencyId === m.agencyId && s.period === 'YEAR_END') ?? null,
  }));
  const b = y.blocYear;
  const now = Date.now();
  const deadlines = [
    ['Đăng ký thi đua', b.registrationDue],
    ['Ký giao ước', b.pledgeDue],
    ['Thông qua bảng tiêu chí', b.criteriaDue],
    ['Sơ kết 6 tháng', b.midYearReviewDue],
    ['Tự chấm điểm cả năm', b.selfScoreDue],
    ['Tổng kết năm', b.yearEndReviewDue],
    ['Hạn khiếu nại điểm thẩm định', b.appealUntil],
  ].map(([label, due]) => ({ label: label as string, due: due as Date | null, passed: due ? (due as Date).getTime() < now : false }));
  const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
  return {
    rows,
    pledgePublished: Boolean(pledge?.publishedAt),
    deadlines,
    summary: {
      members: rows.length,
      registered: count((r) => r.registration?.status === 'SUBMITTED' || r.registration?.status === 'ACCEPTED'),
      signed: count((r) => Boolean(r.signature)),
      submitted: count((r) => {
        const s = y.period === 'MID_YEAR' ? r.mid : r.end;
        return s?.status === 'SUBMITTED' || s?.status === 'ACCEPTED';
      }),
      reviewed: count((r) => (y.period === 'MID_YEAR' ? r.mid : r.end)?.status === 'ACCEPTED'),
    },
  };
}

// ───────────────────────────── Evidence files ─────────────────────────────

export type Upload = { originalName: string; mimeType: string; data: Buffer };

export async function addEvidence(db: Db, y: YearContext, actor: Actor, agencyId: number, criterionId: number, period: Period, upload: Upload, dir: string) {
  y.authorize('score.self', agencyId);
  memberOr404(y, agencyId);
  const t = await requireTable(db, y);
  if (!t.criteria.some((c) => c.id === criterionId)) throw new NotFoundError('Tiêu chí không thuộc bảng tiêu chí của năm này.');
  const current = await db.scoreSheet.findUnique({ where: { blocYearId_agencyId_period: { blocYearId: y.blocYear.id, agencyId, period } }, select: { status: true } });
  if (!canSelfScore(y.state, period, current?.status ?? null)) throw new ConflictError('Bảng điểm không còn sửa được, không thể thêm minh chứng.');
  const stored = await storeEvidence(dir, upload.data);
  try {
    return await db.$transaction(async (tx) => {
      const state = await lockYearIn(tx, y);
      const sheet = await tx.scoreSheet.upsert({
        where: { blocYearId_agencyId_period: { blocYearId: y.blocYear.id, agencyId, period } },
        create: { blocYearId: y.blocYear.id, agencyId, period },
        update: {},
      });
      if (!canSelfScore(state, period, sheet.status)) throw new ConflictError('Bảng điểm không còn sửa được, không thể thêm minh chứng.');
      const entry = await tx.scoreEntry.upsert({
        where: { sheetId_criterionId: { sheetId: sheet.id, criterionId } },
        create: { sheetId: sheet.id, criterionId },
        update: {},
      });
      const file = await tx.evidenceFile.create({
        data: {
          entryId: entry.id,
          originalName: upload.originalName,
          storedName: stored.storedName,
          mimeType: upload.mimeType,
          sizeBytes: upload.data.length,
          sha256: stored.sha256,
          uploadedById: actor.userId,
        },
      });
      await audit(tx, actor, 'evidence.upload', 'EvidenceFile', file.id, {
        blocYearId: y.blocYear.id,
        new: { criterionId, name: upload.originalName, size: upload.data.length, sha256: stored.sha256 },
      });
      return file.id;
    });
  } catch (e) {
    await removeStored(dir, stored.storedName); // nothing half-written: no row, no orphan file
    throw e;
  }
}

/**
 * Who may see a unit's score sheet — self and reviewed scores per criterion, drafts, evidence: the
 * unit itself and those who oversee the year (head, board, admin). The sheet pages, the evidence
 * downloads and the scoreboard workbook all ask this one question.
 */
export function canSeeSheet(y: YearContext, agencyId: number): boolean {
  return y.oversees || y.p.agencyIds.includes(agencyId) || y.can('score.review', agencyId); // the deputy reviews the head's unit
}

/** Why no review form shows on the head's or the deputy's own sheet: the other one reviews it. */
export function reviewerNote(y: YearContext, agencyId: number): string | null {
  const { headAgencyId, deputyAgencyId } = y.blocYear;
  if (!y.can('score.review') || headAgencyId === null || deputyAgencyId === null) return null;
  if (agencyId === headAgencyId) return 'Bảng điểm của đơn vị Khối trưởng do Khối phó thẩm định: không đơn vị nào tự thẩm định bảng điểm của mình.';
  if (agencyId === deputyAgencyId) return 'Bảng điểm của đơn vị Khối phó do Khối trưởng thẩm định: không đơn vị nào tự thẩm định bảng điểm của mình.';
  return null;
}

/**
 * The year-end sheet's first form, before the unit has saved anything: its mid-year self scores and
 * evidence texts, which most criteria carry over. Only initial values of the form — nothing is
 * written until the unit saves, and sending still needs every criterion answered. The criteria
 * table is the year's locked table, the same for both periods, so criteria match by id.
 */
export async function midYearPrefill(db: Db, y: YearContext, agencyId: number, criteriaIds: readonly number[]): Promise<Record<string, string> | null> {
  if (!criteriaIds.length) return null;
  const entries = await db.$queryRaw<{ criterionId: unknown; selfCenti: unknown; evidenceText: string }[]>`
    SELECT e."criterionId", e."selfCenti", e."evidenceText"
    FROM "ScoreEntry" e
    JOIN "ScoreSheet" s ON s."id" = e."sheetId"
    WHERE s."blocYearId" = ${y.blocYear.id} AND s."agencyId" = ${agencyId} AND s."period" = ${'MID_YEAR'} AND e."criterionId" IN (${Prisma.join([...criteriaIds])})
    ORDER BY e."criterionId"`;
  if (!entries.length) return null;
  const values: Record<string, string> = {};
  for (const e of entries) {
    const criterionId = raw.int(e.criterionId);
    const selfCenti = raw.intOrNull(e.selfCenti);
    if (selfCenti !== null) values[`score_${criterionId}`] = formatPoints(selfCenti);
    if (e.evidenceText) values[`evidence_${criterionId}`] = e.evidenceText;
  }
  return values;
}

/** A file of this year that the user may download: the unit itself, the head, the board, admin. */
export async function evidenceForDownload(db: Db, y: YearContext, fileId: number) {
  const file = await db.evidenceFile.findFirst({
    where: { id: fileId, deletedAt: null, entry: { sheet: { blocYearId: y.blocYear.id } } },
    include: { entry: { select: { sheet: { select: { agencyId: true } } } } },
  });
  if (!file) throw new NotFoundError('Không tìm thấy tệp minh chứng.');
  const owner = file.entry.sheet.agencyId;
  // Readable also in a closed year: by the unit, that year's head, the board and admin.
  if (!canSeeSheet(y, owner)) throw new ForbiddenError('Chỉ đơn vị, Khối trưởng và Ban Thi đua – Khen thưởng được xem minh chứng này.');
  return file;
}

export async function deleteEvidence(db: Db, y: YearContext, actor: Actor, fileId: number) {
  return db.$transaction(async (tx) => {
    const state = await lockYearIn(tx, y);
    const file = await tx.evidenceFile.findFirst({
      where: { id: fileId, deletedAt: null, entry: { sheet: { blocYearId: y.blocYear.id } } },
      include: { entry: { select: { sheet: { select: { agencyId: true, period: true, status: true } } } } },
    });
    if (!file) throw new NotFoundError('Không tìm thấy tệp minh chứng.');
    const sheet = file.entry.sheet;
    y.authorize('score.self', sheet.agencyId);
    if (!canSelfScore(state, sheet.period as Period, sheet.status)) throw new ConflictError('Bảng điểm đã gửi: không xóa được minh chứng.');
    await tx.evidenceFile.update({ where: { id: file.id }, data: { deletedAt: new Date() } });
    await audit(tx, actor, 'evidence.delete', 'EvidenceFile', file.id, { blocYearId: y.blocYear.id, old: { name: file.originalName } });
    return { agencyId: sheet.agencyId, period: sheet.period as Period };
  });
}
