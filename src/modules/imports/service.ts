// The organisation import: read the uploaded files, check them against the province (organisation.ts),
// keep the batch as a preview, and on the board's confirmation check again against the database as
// it is then and write everything in one transaction through the agencies' and blocs' own services.
// One-time passwords of the officers created are returned to be shown once: only their hashes are stored.
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../db/client';
import type { Principal } from '../../auth/principal';
import { can } from '../../auth/permissions';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import { pageOf, PAGE_SIZE } from '../../http/pagination';
import { hashPassword } from '../../auth/passwords';
import { versionAt, midYear } from '../../domain/versions';
import { audit, type Actor } from '../audit';
import { oneTimePassword } from '../users/one-time-password';
import { insertAgency, correctAgency } from '../agencies/service';
import { insertBloc, correctBloc, insertBlocYear, replaceSetupYear, type YearMember } from '../blocs/service';
import { readCsv, readWorkbook, UnreadableFileError, type SheetTable } from './table';
import { countsOf, parseSheets, planImport, sheetKindOf, SPECS, type AgencyRef, type Counts, type ImportError, type OrgState, type Plan, type SheetKind } from './organisation';
import { MAX_IMPORT_ROWS } from './schemas';

export const KIND = 'ORGANISATION';

// ───────────────────────────── Who imports where ─────────────────────────────

/** Importing creates agencies, blocs and accounts: whoever may do all three in the province. */
export function canImport(p: Principal, provinceId: number): boolean {
  const scope = { provinceId };
  return can(p, 'agency.manage', scope) && can(p, 'bloc.manage', scope) && can(p, 'users.manageProvince', scope);
}

/** The admin, or a board of some province; else 403 (before any upload is read). */
export function importer(p: Principal): Principal {
  if (!(p.isAdmin && canImport(p, -1)) && !p.boardProvinceIds.some((id) => canImport(p, id))) throw new ForbiddenError();
  return p;
}

export function importProvinces(db: Db, p: Principal) {
  const where = p.isAdmin && canImport(p, -1) ? {} : { id: { in: p.boardProvinceIds.filter((id) => canImport(p, id)) } };
  return db.province.findMany({ where, orderBy: { name: 'asc' }, select: { id: true, name: true, code: true } });
}

// ───────────────────────────── Reading the upload ─────────────────────────────

export type UploadedFile = { originalname: string; buffer: Buffer };
export type RecognisedSheet = { kind: SheetKind; table: SheetTable };

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Buffer) => b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));

/**
 * One .xlsx workbook, or one or more CSV files (each recognised by its header row). Throws
 * UnreadableFileError (→ 422 on the upload form, nothing stored) for anything else.
 */
export async function readUpload(files: UploadedFile[]): Promise<RecognisedSheet[]> {
  if (files.length === 0) throw new UnreadableFileError('Vui lòng chọn tệp .xlsx hoặc các tệp .csv để tải lên.');
  const out: RecognisedSheet[] = [];
  const workbooks = files.filter((f) => isZip(f.buffer));
  if (workbooks.length && files.length > 1) throw new UnreadableFileError('Tải lên một tệp Excel (.xlsx), hoặc một hay nhiều tệp CSV — không trộn lẫn hai loại.');
  for (const f of files) {
    const ext = path.extname(f.originalname).toLowerCase();
    if (isOle(f.buffer) || ext === '.xls') throw new UnreadableFileError(`Tệp "${f.originalname}" là định dạng Excel cũ (.xls): hãy lưu lại thành .xlsx (Excel Workbook) rồi tải lên.`);
    if (isZip(f.buffer)) {
      const sheets = await readWorkbook(f.buffer, MAX_IMPORT_ROWS);
      for (const table of sheets) {
        const kind = sheetKindOf(table, true);
        if (!kind) continue;
        if (out.some((s) => s.kind === kind)) throw new UnreadableFileError(`Tệp có hai trang "${SPECS[kind].name}": mỗi loại dữ liệu chỉ một trang.`);
        out.push({ kind, table });
      }
      continue;
    }
    if (ext !== '.csv' && ext !== '.txt') throw new UnreadableFileError(`Tệp "${f.originalname}" không phải tệp Excel (.xlsx) hay CSV.`);
    const table = readCsv(f.buffer, f.originalname, MAX_IMPORT_ROWS);
    const kind = table ? sheetKindOf(table, false) : null;
    if (!table || !kind) {
      throw new UnreadableFileError(
        `Không nhận ra tệp "${f.originalname}": hàng đầu tiên phải là hàng tiêu đề của một trang trong tệp mẫu (${Object.values(SPECS).map((s) => `"${s.name}"`).join(', ')}).`,
      );
    }
    if (out.some((s) => s.kind === kind)) throw new UnreadableFileError(`Hai tệp CSV cùng là trang "${SPECS[kind].name}": mỗi trang chỉ một tệp.`);
    out.push({ kind, table: { ...table, sheet: SPECS[kind].name } });
  }
  if (out.length === 0) {
    throw new UnreadableFileError(`Không tìm thấy trang dữ liệu nào: tệp cần có trang ${Object.values(SPECS).map((s) => `"${s.name}"`).join(', ')} như tệp mẫu.`);
  }
  if (out.every((s) => s.table.rows.length === 0)) throw new UnreadableFileError('Tệp chưa có dòng dữ liệu nào (các trang chỉ có hàng tiêu đề).');
  return out;
}

// ───────────────────────────── The province as it is ─────────────────────────────

/** What the check needs: the province's agencies and blocs with their versions and years, and the accounts the file names. */
export async function loadState(tx: Tx, provinceId: number, usernames: string[]): Promise<OrgState> {
  const [province, agencies, blocs, users] = await Promise.all([
    tx.province.findUniqueOrThrow({ where: { id: provinceId }, select: { id: true, name: true } }),
    tx.agency.findMany({
      where: { provinceId },
      orderBy: { id: 'asc' },
      select: { id: true, kind: true, provinceId: true, versions: { orderBy: { validFrom: 'asc' }, select: { id: true, name: true, shortName: true, parentBody: true, area: true, validFrom: true, validTo: true } } },
    }),
    tx.bloc.findMany({
      where: { provinceId },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        kind: true,
        versions: { orderBy: { validFrom: 'asc' }, select: { id: true, name: true, decision: true, validFrom: true, validTo: true } },
        years: {
          orderBy: { year: 'asc' },
          select: { id: true, year: true, phase: true, headAgencyId: true, deputyAgencyId: true, memberships: { where: { leftAt: null }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], select: { agencyId: true, rotationOrder: true } } },
        },
      },
    }),
    usernames.length
      ? tx.user.findMany({
          where: { username: { in: usernames } },
          select: { id: true, username: true, fullName: true, jobTitle: true, email: true, assignments: { select: { role: true, provinceId: true, agencyId: true, agency: { select: { provinceId: true } } } } },
        })
      : Promise.resolve([]),
  ]);
  return {
    provinceId: province.id,
    provinceName: province.name,
    agencies,
    blocs: blocs.map((b) => ({ id: b.id, kind: b.kind, versions: b.versions, years: b.years.map(({ memberships, ...y }) => ({ ...y, members: memberships })) })),
    users: users.map((u) => ({ ...u, assignments: u.assignments.map((a) => ({ role: a.role, provinceId: a.provinceId, agencyId: a.agencyId, agencyProvinceId: a.agency?.provinceId ?? null })) })),
  };
}

/** A calendar day at 12:00 UTC, Vietnam's date (the start of agencies with no date in the file). */
function todayVn(now = new Date()): Date {
  const vn = new Date(now.getTime() + 7 * 3_600_000);
  return new Date(Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), 12));
}

type Payload = { sheets: RecognisedSheet[] };
type Batch = { id: number; provinceId: number; payload: string; status: string };

function planFor(payload: Payload, state: OrgState, now = new Date()): Plan {
  const today = todayVn(now);
  return planImport(parseSheets(payload.sheets, today.getUTCFullYear()), state, today);
}

const usernamesOf = (payload: Payload, currentYear: number) => parseSheets(payload.sheets, currentYear).officers.flatMap((o) => (o.username ? [o.username] : []));

/** The batch's plan against the database as it is now (the preview page, and the confirmation's first pass). */
export async function currentPlan(db: Tx, batch: Batch): Promise<Plan> {
  const payload = JSON.parse(batch.payload) as Payload;
  const state = await loadState(db, batch.provinceId, usernamesOf(payload, todayVn().getUTCFullYear()));
  return planFor(payload, state);
}

// ───────────────────────────── Preview ─────────────────────────────

/** POST /imports — the files read and checked; a PREVIEW batch holds the rows and the errors. */
export async function createPreview(db: Db, actor: Actor, provinceId: number, files: UploadedFile[], sheets: RecognisedSheet[]): Promise<number> {
  const payload: Payload = { sheets };
  const state = await loadState(db, provinceId, usernamesOf(payload, todayVn().getUTCFullYear()));
  const plan = planFor(payload, state);
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.buffer);
  const batch = await db.importBatch.create({
    data: {
      provinceId,
      userId: actor.userId,
      kind: KIND,
      fileNames: files.map((f) => f.originalname).join(', ').slice(0, 1000),
      fileHash: hash.digest('hex'),
      payload: JSON.stringify(payload),
      errors: JSON.stringify(plan.errors),
      summary: JSON.stringify({ preview: countsOf(plan) }),
    },
    select: { id: true },
  });
  return batch.id;
}

/** The batch for its province's board or the admin: 404 when absent (or another kind), 403 outside one's provinces. */
export async function batchFor(db: Db, p: Principal, id: number) {
  const batch = await db.importBatch.findFirst({ where: { id, kind: KIND }, include: { province: { select: { id: true, name: true } } } });
  if (!batch) throw new NotFoundError('Không tìm thấy lần nhập dữ liệu này.');
  if (!canImport(p, batch.provinceId)) throw new ForbiddenError();
  return batch;
}
export type BatchRow = Awaited<ReturnType<typeof batchFor>>;

export async function listBatches(db: Db, provinceId: number, page: number) {
  const where = { provinceId, kind: KIND };
  const [total, items] = await Promise.all([
    db.importBatch.count({ where }),
    db.importBatch.findMany({
      where,
      orderBy: { id: 'desc' },
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { id: true, fileNames: true, status: true, summary: true, errors: true, createdAt: true, appliedAt: true, userId: true },
    }),
  ]);
  const users = await db.user.findMany({ where: { id: { in: [...new Set(items.map((i) => i.userId))] } }, select: { id: true, username: true } });
  return pageOf(
    items.map((i) => ({
      ...i,
      username: users.find((u) => u.id === i.userId)?.username ?? '',
      errorCount: (JSON.parse(i.errors || '[]') as unknown[]).length,
      counts: summaryCounts(i.summary),
    })),
    total,
    page,
  );
}

export type Summary = { preview?: Counts; applied?: Counts; createdOfficers?: string[] };
export function summaryCounts(summary: string): { counts: Counts; applied: boolean } | null {
  if (!summary) return null;
  const s = JSON.parse(summary) as Summary;
  if (s.applied) return { counts: s.applied, applied: true };
  if (s.preview) return { counts: s.preview, applied: false };
  return null;
}

// ───────────────────────────── Confirm, discard ─────────────────────────────

/** The file no longer passes against the database as it is now: nothing written; the errors go back to the preview. */
export class ImportRefusedError extends AppError {
  constructor(readonly errors: ImportError[]) {
    super(422, 'Tệp còn lỗi so với dữ liệu hiện có trong Cổng: chưa ghi gì. Hãy sửa tệp và tải lên lại.');
  }
}

export type IssuedPassword = { username: string; fullName: string; agencyName: string; password: string };

const NOT_PREVIEW = 'Lần nhập này đã được xác nhận hoặc đã hủy: không ghi thêm gì.';

/**
 * POST /imports/:id/confirm — checked again inside one transaction against the database as it is
 * now; any error → ImportRefusedError, nothing written. Otherwise everything is written, the batch
 * becomes APPLIED with its summary, and the new officers' one-time passwords are returned (only
 * their hashes, made before the transaction, are stored).
 */
export async function confirmBatch(db: Db, actor: Actor, batch: Batch): Promise<{ counts: Counts; passwords: IssuedPassword[] }> {
  if (batch.status !== 'PREVIEW') throw new ConflictError(NOT_PREVIEW);
  const payload = JSON.parse(batch.payload) as Payload;
  const now = new Date();
  const first = planFor(payload, await loadState(db, batch.provinceId, usernamesOf(payload, todayVn(now).getUTCFullYear())), now);
  if (first.errors.length) throw new ImportRefusedError(first.errors);
  // argon2 is slow by design: hash before the transaction, four at a time (libuv's threads)
  const secrets = new Map<string, { password: string; hash: string }>();
  const toCreate = first.officers.filter((o) => o.action === 'create');
  for (let i = 0; i < toCreate.length; i += 4) {
    await Promise.all(
      toCreate.slice(i, i + 4).map(async (o) => {
        const password = oneTimePassword();
        secrets.set(o.username, { password, hash: await hashPassword(password) });
      }),
    );
  }
  return db.$transaction(
    async (tx) => {
      const { count } = await tx.importBatch.updateMany({ where: { id: batch.id, status: 'PREVIEW' }, data: { status: 'APPLIED', appliedAt: now } });
      if (count === 0) throw new ConflictError(NOT_PREVIEW);
      const state = await loadState(tx, batch.provinceId, usernamesOf(payload, todayVn(now).getUTCFullYear()));
      const plan = planFor(payload, state, now);
      if (plan.errors.length) throw new ImportRefusedError(plan.errors);
      const passwords = await applyPlan(tx, actor, state, plan, secrets);
      const counts = countsOf(plan);
      const summary: Summary = { applied: counts, createdOfficers: passwords.map((p) => p.username) };
      await tx.importBatch.update({ where: { id: batch.id }, data: { summary: JSON.stringify(summary), errors: '[]' } });
      // the same file again changes nothing: no record, so no audit row either (the batch keeps its summary)
      const changed = Object.values(counts).some((c) => c.create + c.update > 0);
      if (changed) await audit(tx, actor, 'import.apply', 'ImportBatch', batch.id, { provinceId: batch.provinceId, new: summary });
      return { counts, passwords };
    },
    // a province's whole organisation in one go: more than the default 5 s
    { maxWait: 10_000, timeout: 120_000 },
  );
}

/** The writes, in the order the references need: agencies, blocs, their years, officers. */
async function applyPlan(tx: Tx, actor: Actor, state: OrgState, plan: Plan, secrets: Map<string, { password: string; hash: string }>): Promise<IssuedPassword[]> {
  const province = await tx.province.findUniqueOrThrow({ where: { id: state.provinceId }, select: { id: true, code: true } });
  const created = new Map<string, { id: number; versionId: number }>(); // new agency key → its ids
  for (const a of plan.agencies) {
    if (a.action === 'create') {
      created.set(a.key, await insertAgency(tx, actor, { provinceId: province.id, name: a.name, ...a.data }));
    } else if (a.action === 'update') {
      await correctAgency(tx, actor, a.id!, { shortName: a.data.shortName, kind: a.data.kind, parentBody: a.data.parentBody, area: a.data.area });
    }
  }
  const agencyId = (r: AgencyRef) => ('id' in r ? r.id : created.get(r.newKey)!.id);
  const versionIn = (r: AgencyRef, year: number) => {
    if ('newKey' in r) return created.get(r.newKey)!.versionId;
    const a = state.agencies.find((x) => x.id === r.id)!;
    return versionAt(a.versions, midYear(year))!.id;
  };

  const blocIds = new Map<string, number>();
  for (const b of plan.blocs) {
    if (b.action === 'create') blocIds.set(b.key, (await insertBloc(tx, actor, province, { name: b.name, kind: b.kind, decision: b.decision, validFrom: b.validFrom })).id);
    else {
      blocIds.set(b.key, b.id!);
      if (b.action === 'update') await correctBloc(tx, actor, b.id!, { kind: b.kind, decision: b.decision });
    }
  }
  for (const y of plan.years) {
    if (y.action === 'unchanged') continue;
    const members: YearMember[] = y.members.map((m) => ({ agencyId: agencyId(m.ref), agencyVersionId: versionIn(m.ref, y.year), rotationOrder: m.rotationOrder }));
    const roles = { headAgencyId: agencyId(y.head), deputyAgencyId: agencyId(y.deputy) };
    if (y.action === 'create') await insertBlocYear(tx, actor, { blocId: blocIds.get(y.blocKey)!, provinceId: province.id, year: y.year, ...roles }, members);
    else await replaceSetupYear(tx, actor, { blocYearId: y.id!, provinceId: province.id, keepRotation: y.keepRotation, ...roles }, members);
  }

  const passwords: IssuedPassword[] = [];
  for (const o of plan.officers) {
    if (o.action === 'unchanged') continue;
    const agency = agencyId(o.agency);
    if (o.action === 'update') {
      // the username is written with the name so the search key is computed from both in one write
      await tx.user.update({ where: { id: o.id! }, data: { username: o.username, fullName: o.fullName, jobTitle: o.jobTitle, email: o.email } });
      const before = state.users.find((u) => u.id === o.id)!;
      await audit(tx, actor, 'user.edit', 'User', o.id!, {
        old: { fullName: before.fullName, jobTitle: before.jobTitle, email: before.email },
        new: { fullName: o.fullName, jobTitle: o.jobTitle, email: o.email },
        provinceId: province.id,
      });
      continue;
    }
    const secret = secrets.get(o.username);
    // an account to create that was not one when the passwords were made: the database changed in between
    if (!secret) throw new ConflictError('Dữ liệu trong Cổng vừa thay đổi trong lúc nhập. Vui lòng tải lại trang xem trước và xác nhận lại.');
    const user = await tx.user
      .create({
        data: {
          username: o.username,
          fullName: o.fullName,
          jobTitle: o.jobTitle,
          email: o.email,
          passwordHash: secret.hash,
          mustChangePassword: true,
          assignments: { create: { role: 'UNIT_OFFICER', agencyId: agency } },
        },
        select: { id: true },
      })
      .catch((e: { code?: string }) => {
        if (e.code === 'P2002') throw new ConflictError(`Tên đăng nhập "${o.username}" vừa có người dùng. Vui lòng tải lại trang xem trước.`);
        throw e;
      });
    await audit(tx, actor, 'user.create', 'User', user.id, {
      new: { username: o.username, role: 'UNIT_OFFICER', agencyId: agency, mustChangePassword: true, source: 'import' },
      provinceId: province.id,
    });
    passwords.push({ username: o.username, fullName: o.fullName, agencyName: o.agencyName, password: secret.password });
  }
  return passwords;
}

/** POST /imports/:id/discard */
export async function discardBatch(db: Db, actor: Actor, batch: Batch): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.importBatch.updateMany({ where: { id: batch.id, status: 'PREVIEW' }, data: { status: 'DISCARDED' } });
    if (count === 0) throw new ConflictError(NOT_PREVIEW);
    await audit(tx, actor, 'import.discard', 'ImportBatch', batch.id, { provinceId: batch.provinceId, old: { status: 'PREVIEW' }, new: { status: 'DISCARDED' } });
  });
}
