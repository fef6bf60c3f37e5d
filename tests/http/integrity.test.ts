// The year's phase is checked inside every write's transaction (issue 12, items 4 and 5), on the demo
// data: Nghệ An 2020 scoring (head haiquan.nghean), Tây Ninh 2020 at its year-end conference with
// every sheet reviewed (head thongke.tayninh), Hà Nam 2022 at set-up (head vpubnd.hanam).
// A request loads its year (loadYear) before it writes; these tests load the context, change the
// year in the database as a concurrent close or freeze would, then run the write with the stale
// context: it must answer 409 and write nothing. Then real races, many rounds, on both databases.
import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, type TestApp } from '../support/app';
import { toPrincipal } from '../../src/auth/principal';
import { loadYear, type YearContext } from '../../src/modules/years/context';
import * as scoring from '../../src/modules/scoring/service';
import * as registrations from '../../src/modules/registrations/service';
import * as setup from '../../src/modules/setup/service';
import * as awards from '../../src/modules/awards/service';
import * as reviews from '../../src/modules/reviews/service';
import { sheetTotals } from '../../src/domain/scoring';
import type { Actor } from '../../src/modules/audit';

let t: TestApp;
const blocs: Record<'na' | 'tn' | 'hn', number> = { na: 0, tn: 0, hn: 0 };
const years: Record<'na' | 'tn' | 'hn', number> = { na: 2020, tn: 2020, hn: 2022 };

async function contextOf(username: string, which: 'na' | 'tn' | 'hn'): Promise<{ y: YearContext; actor: Actor }> {
  const u = await t.db.user.findUniqueOrThrow({ where: { username }, include: { assignments: true } });
  const req = { user: toPrincipal(u), params: { blocId: String(blocs[which]), year: String(years[which]) } } as unknown as Request;
  return { y: await loadYear(t.db, req), actor: { userId: u.id, ip: '127.0.0.1' } };
}
const yearRow = (which: 'na' | 'tn' | 'hn') => t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: blocs[which], year: years[which] } } });
const setPhase = async (which: 'na' | 'tn' | 'hn', phase: string) => t.db.blocYear.update({ where: { id: (await yearRow(which)).id }, data: { phase } });
/** Audit rows of changes: every write writes one, so the same count means nothing was written. */
const changes = () => t.db.auditLog.count({ where: { NOT: { action: { startsWith: 'auth.' } } } });
const agencyOf = async (username: string) => (await t.db.roleAssignment.findFirstOrThrow({ where: { user: { username } } })).agencyId!;

/** Runs `write` with a context loaded before `change`; expects a 409 and no audit row, then undoes `change`. */
async function staleWrite(ctx: { y: YearContext }, change: () => Promise<unknown>, write: () => Promise<unknown>, undo: () => Promise<unknown>) {
  expect(ctx.y).toBeTruthy();
  await change();
  const before = await changes();
  try {
    await expect(write()).rejects.toMatchObject({ status: 409 });
    expect(await changes()).toBe(before);
  } finally {
    await undo();
  }
}

beforeAll(async () => {
  t = await startTestApp();
  const blocOf = async (name: string) => (await t.db.blocVersion.findFirstOrThrow({ where: { name } })).blocId;
  blocs.na = await blocOf('Khối các cơ quan Trung ương tỉnh Nghệ An');
  blocs.tn = await blocOf('Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh');
  blocs.hn = await blocOf('Khối Thi đua Tổng hợp tỉnh Hà Nam');
});
afterAll(async () => t.close());

describe('a write with a year context loaded before the year was closed or frozen → 409, nothing written', () => {
  it('the head accepts a sheet of a year closed meanwhile', async () => {
    const y = await yearRow('na');
    // not the head's own unit: its sheet is the deputy's to review (a 403 before any phase check)
    const sheet = await t.db.scoreSheet.findFirstOrThrow({ where: { blocYearId: y.id, period: 'YEAR_END', status: 'SUBMITTED', agencyId: { not: y.headAgencyId! } }, include: { entries: true } });
    const ctx = await contextOf('haiquan.nghean', 'na');
    await staleWrite(
      ctx,
      () => setPhase('na', 'CLOSED'),
      () => scoring.reviewSheet(t.db, ctx.y, ctx.actor, sheet.agencyId, 'YEAR_END', { version: String(sheet.version) }, 'accept'),
      () => setPhase('na', 'SCORING'),
    );
    expect(await t.db.scoreSheet.findUniqueOrThrow({ where: { id: sheet.id }, include: { entries: true } })).toEqual(sheet);
  });

  it('a unit saves its scores, adds or deletes evidence in a year closed meanwhile', async () => {
    const y = await yearRow('na');
    const table = await t.db.criteriaTable.findFirstOrThrow({ where: { blocYearId: y.id }, include: { criteria: { orderBy: { id: 'asc' } } } });
    const sheet = await t.db.scoreSheet.findFirstOrThrow({ where: { blocYearId: y.id, period: 'YEAR_END', status: { in: ['DRAFT', 'RETURNED'] } } }).catch(() => null);
    const members = await t.db.membership.findMany({ where: { blocYearId: y.id, leftAt: null } });
    const withSheets = new Set((await t.db.scoreSheet.findMany({ where: { blocYearId: y.id, period: 'YEAR_END' } })).map((s) => s.agencyId));
    const agencyId = sheet?.agencyId ?? members.find((m) => !withSheets.has(m.agencyId) && m.agencyId !== y.headAgencyId && m.agencyId !== y.deputyAgencyId)!.agencyId;
    const officer = (await t.db.roleAssignment.findFirstOrThrow({ where: { agencyId, role: 'UNIT_OFFICER' }, include: { user: true } })).user.username;
    const ctx = await contextOf(officer, 'na');
    const body = { version: String(sheet?.version ?? 0), [`score_${table.criteria[0].id}`]: '1' };
    const sheetsBefore = await t.db.scoreSheet.findMany({ where: { blocYearId: y.id }, orderBy: { id: 'asc' } });
    await staleWrite(ctx, () => setPhase('na', 'CLOSED'), () => scoring.saveSelfScores(t.db, ctx.y, ctx.actor, agencyId, 'YEAR_END', body, false), () => setPhase('na', 'SCORING'));
    const pdf = Buffer.from('%PDF-1.4\n%%EOF');
    const upload = { originalName: 'minh-chung.pdf', mimeType: 'application/pdf', data: pdf };
    await staleWrite(ctx, () => setPhase('na', 'CLOSED'), () => scoring.addEvidence(t.db, ctx.y, ctx.actor, agencyId, table.criteria[0].id, 'YEAR_END', upload, t.config.UPLOAD_DIR), () => setPhase('na', 'SCORING'));
    expect(await t.db.scoreSheet.findMany({ where: { blocYearId: y.id }, orderBy: { id: 'asc' } })).toEqual(sheetsBefore);
    // An evidence file uploaded while the year is open cannot be deleted once it is closed.
    const fileId = await scoring.addEvidence(t.db, ctx.y, ctx.actor, agencyId, table.criteria[0].id, 'YEAR_END', upload, t.config.UPLOAD_DIR);
    await staleWrite(ctx, () => setPhase('na', 'CLOSED'), () => scoring.deleteEvidence(t.db, ctx.y, ctx.actor, fileId), () => setPhase('na', 'SCORING'));
    expect((await t.db.evidenceFile.findUniqueOrThrow({ where: { id: fileId } })).deletedAt).toBeNull();
  });

  it('a unit saves its registration, the head accepts another, in a year closed meanwhile', async () => {
    const y = await yearRow('na');
    const regsBefore = await t.db.registration.findMany({ where: { blocYearId: y.id }, orderBy: { id: 'asc' } });
    const bhxh = await contextOf('bhxh.nghean', 'na');
    const draft = regsBefore.find((r) => r.agencyId === bhxh.y.myAgencyId)!;
    const input = { action: 'save' as const, version: draft.version, collectiveTitle: '' as const, awardAims: [], targets: 'Hoàn thành kế hoạch năm', staffCount: 10, countLdtt: 5, countCstdcs: 0, countCstdTinh: 0 };
    await staleWrite(bhxh, () => setPhase('na', 'CLOSED'), () => registrations.saveRegistration(t.db, bhxh.y, bhxh.actor, draft.agencyId, input), () => setPhase('na', 'SCORING'));
    const head = await contextOf('haiquan.nghean', 'na');
    const sent = regsBefore.find((r) => r.status === 'SUBMITTED')!;
    await staleWrite(head, () => setPhase('na', 'CLOSED'), () => registrations.reviewRegistration(t.db, head.y, head.actor, sent.agencyId, { kind: 'accept', version: sent.version }), () => setPhase('na', 'SCORING'));
    expect(await t.db.registration.findMany({ where: { blocYearId: y.id }, orderBy: { id: 'asc' } })).toEqual(regsBefore);
  });

  it('the head removes a member after registration opened meanwhile', async () => {
    const y = await yearRow('hn');
    const members = await t.db.membership.findMany({ where: { blocYearId: y.id }, orderBy: { id: 'asc' } });
    const plain = members.find((m) => m.agencyId !== y.headAgencyId && m.agencyId !== y.deputyAgencyId)!;
    const ctx = await contextOf('vpubnd.hanam', 'hn');
    await staleWrite(ctx, () => setPhase('hn', 'REGISTRATION'), () => setup.removeMember(t.db, ctx.y, ctx.actor, plain.agencyId), () => setPhase('hn', 'SETUP'));
    expect(await t.db.membership.findMany({ where: { blocYearId: y.id }, orderBy: { id: 'asc' } })).toEqual(members);
  });

  it('the head edits an achievement report of a year closed meanwhile', async () => {
    const y = await yearRow('tn');
    const proposal = await t.db.awardProposal.create({ data: { blocYearId: y.id, awardKind: 'BANG_KHEN_TINH', agencyId: await agencyOf('thue.tayninh'), status: 'DRAFT', achievements: 'Bản cũ' } });
    const ctx = await contextOf('thongke.tayninh', 'tn');
    await staleWrite(ctx, () => setPhase('tn', 'CLOSED'), () => awards.saveAchievements(t.db, ctx.y, ctx.actor, proposal.id, 'Báo cáo thành tích mới, đủ dài để hợp lệ.'), () => setPhase('tn', 'YEAR_END_REVIEW'));
    expect((await t.db.awardProposal.findUniqueOrThrow({ where: { id: proposal.id } })).achievements).toBe('Bản cũ');
    await t.db.awardProposal.delete({ where: { id: proposal.id } });
  });
});

/** A year-end entry of Tây Ninh whose score an upheld appeal can move between two valid values. */
async function appealTarget() {
  const y = await yearRow('tn');
  const entry = await t.db.scoreEntry.findFirstOrThrow({
    where: { sheet: { blocYearId: y.id, period: 'YEAR_END', status: 'ACCEPTED' }, criterion: { kind: 'NORMAL', maxCenti: { gte: 200 } } },
    include: { criterion: true, sheet: true },
    orderBy: { id: 'asc' },
  });
  return { y, entry };
}
const openAppeal = async (entryId: number, userId: number) => t.db.appeal.create({ data: { entryId, reason: 'Đơn vị đề nghị xem xét lại điểm tiêu chí này', createdById: userId } });
const freezeInput = (membersPresent: number): reviews.ReviewInput => ({
  heldAt: new Date('2020-12-20T12:00:00Z'),
  place: 'Tây Ninh',
  chairName: 'Chủ trì',
  secretaryName: 'Thư ký',
  membersPresent,
  absentees: '',
  summary: 'Tổng kết phong trào thi đua năm 2020',
  tasksAhead: '',
  honoreeAgencyIds: [],
  honoreePeople: [],
  notCompletedAgencyIds: [],
});
/** Undo a year-end freeze (test set-up only): the review, its snapshot and the minutes' number. */
async function unfreeze(blocYearId: number) {
  const review = await t.db.review.findUnique({ where: { blocYearId_kind: { blocYearId, kind: 'YEAR_END' } } });
  if (review) {
    await t.db.reviewResult.deleteMany({ where: { reviewId: review.id } });
    await t.db.reviewHonoree.deleteMany({ where: { reviewId: review.id } });
    await t.db.review.delete({ where: { id: review.id } });
  }
  await t.db.issuedDocument.deleteMany({ where: { blocYearId, kind: 'MINUTES' } });
  await t.db.appeal.deleteMany({ where: { entry: { sheet: { blocYearId } } } });
}

describe('appeals and the year-end freeze', () => {
  it('an appeal resolved with a context loaded before the freeze → 409; the score stays the frozen one', async () => {
    const { y, entry } = await appealTarget();
    const ctx = await contextOf('thongke.tayninh', 'tn');
    const appeal = await openAppeal(entry.id, ctx.actor.userId);
    const score = String((entry.criterion.maxCenti - entry.criterion.stepCenti) / 100).replace('.', ',');
    await staleWrite(
      ctx,
      () => t.db.review.create({ data: { blocYearId: y.id, kind: 'YEAR_END', frozenAt: new Date(), frozenById: ctx.actor.userId } }),
      () => scoring.resolveAppeal(t.db, ctx.y, ctx.actor, appeal.id, { outcome: 'UPHELD', score, resolution: 'Chấp nhận khiếu nại' }),
      () => unfreeze(y.id),
    );
    expect(await t.db.scoreEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ reviewedCenti: entry.reviewedCenti, status: entry.status });
  });

  it('through HTTP: no freeze while an appeal is open; resolved, the freeze goes on; after it no appeal is filed', async () => {
    const { y, entry } = await appealTarget();
    const head = await loginAs(t.app, 'thongke.tayninh');
    const headCtx = await contextOf('thongke.tayninh', 'tn');
    const appeal = await openAppeal(entry.id, headCtx.actor.userId);
    const base = `/blocs/${blocs.tn}/years/2020`;
    const members = await t.db.membership.count({ where: { blocYearId: y.id, leftAt: null } });
    const form = { heldAt: '2020-12-20', place: 'Tây Ninh', chairName: 'Chủ trì', secretaryName: 'Thư ký', membersPresent: String(members), summary: 'Tổng kết phong trào thi đua năm 2020' };
    const refused = await postForm(head, `${base}/reviews/year-end/freeze`, form);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('khiếu nại');
    expect(await t.db.review.count({ where: { blocYearId: y.id, kind: 'YEAR_END', frozenAt: { not: null } } })).toBe(0);
    expect((await postForm(head, `${base}/appeals/${appeal.id}/resolve`, { outcome: 'REJECTED', resolution: 'Giữ nguyên điểm thẩm định' })).status).toBe(302);
    expect((await postForm(head, `${base}/reviews/year-end/freeze`, form)).status).toBe(302);
    // A unit appeals a changed score after the freeze: refused, the snapshot is final.
    await t.db.blocYear.update({ where: { id: y.id }, data: { appealUntil: new Date(Date.now() + 86_400_000) } });
    const other = await t.db.scoreEntry.findFirstOrThrow({ where: { sheet: { blocYearId: y.id, period: 'YEAR_END' }, id: { not: entry.id }, appeals: { none: {} }, reviewedCenti: { not: null } }, include: { sheet: true } });
    await t.db.scoreEntry.update({ where: { id: other.id }, data: { reviewedCenti: other.reviewedCenti! + 1 } });
    const officer = (await t.db.roleAssignment.findFirstOrThrow({ where: { agencyId: other.sheet.agencyId, role: 'UNIT_OFFICER' }, include: { user: true } })).user.username;
    const unit = await loginAs(t.app, officer);
    const late = await postForm(unit, `${base}/scores/${other.sheet.agencyId}/entries/${other.criterionId}/appeal`, { period: 'YEAR_END', reason: 'Đơn vị đề nghị xem xét lại điểm tiêu chí này' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('đã được chốt');
    expect(await t.db.appeal.count({ where: { entryId: other.id } })).toBe(0);
    await t.db.scoreEntry.update({ where: { id: other.id }, data: { reviewedCenti: other.reviewedCenti } });
    await unfreeze(y.id);
    await t.db.scoreSheet.updateMany({ where: { blocYearId: y.id }, data: { tasksCompleted: true } });
  });

  it('race: the freeze and an upheld appeal at once, many rounds → the frozen ranking always equals the live scores', async () => {
    const { y, entry } = await appealTarget();
    const ctx = await contextOf('thongke.tayninh', 'tn');
    const table = await t.db.criteriaTable.findFirstOrThrow({ where: { blocYearId: y.id }, include: { criteria: true, groups: true } });
    const core = new Set(table.groups.filter((g) => g.isCoreTask).map((g) => g.id));
    const outcomes = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const appeal = await openAppeal(entry.id, ctx.actor.userId);
      const centi = entry.criterion.maxCenti - (round % 2 === 0 ? entry.criterion.stepCenti : 2 * entry.criterion.stepCenti);
      const score = String(centi / 100).replace('.', ',');
      const [freeze, resolve] = await Promise.allSettled([
        reviews.freezeReview(t.db, ctx.y, ctx.actor, 'YEAR_END', freezeInput(ctx.y.members.length)),
        scoring.resolveAppeal(t.db, ctx.y, ctx.actor, appeal.id, { outcome: 'UPHELD', score, resolution: `Vòng ${round}` }),
      ]);
      for (const r of [freeze, resolve]) if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409 });
      outcomes.add(`${freeze.status}/${resolve.status}`);
      const review = await t.db.review.findUnique({ where: { blocYearId_kind: { blocYearId: y.id, kind: 'YEAR_END' } }, include: { results: true } });
      if (review?.frozenAt) {
        const sheet = await t.db.scoreSheet.findUniqueOrThrow({ where: { id: entry.sheetId }, include: { entries: true } });
        const live = sheetTotals(table.criteria, sheet.entries, core).reviewed.totalCenti;
        const frozen = review.results.find((r) => r.agencyId === entry.sheet.agencyId)!.totalCenti;
        expect(frozen, `round ${round}: ${freeze.status}/${resolve.status}`).toBe(live);
        expect(await t.db.appeal.count({ where: { status: 'OPEN', entry: { sheet: { blocYearId: y.id } } } })).toBe(0);
      }
      await unfreeze(y.id);
      await t.db.blocYear.update({ where: { id: y.id }, data: { phase: 'YEAR_END_REVIEW' } });
    }
    // Which of the two wins varies with the database and the machine; both orders are correct.
    expect([...outcomes].every((o) => ['fulfilled/fulfilled', 'rejected/fulfilled'].includes(o)), [...outcomes].join(' ')).toBe(true);
  }, 120_000);
});

describe('document numbers', () => {
  it('issued at once in concurrent transactions → distinct, consecutive numbers, no error', async () => {
    const y = await yearRow('tn');
    const user = await t.db.user.findUniqueOrThrow({ where: { username: 'thongke.tayninh' } });
    const before = await t.db.issuedDocument.count({ where: { blocYearId: y.id, kind: 'TALLY' } });
    const numbers: string[] = [];
    for (let round = 0; round < 5; round++) {
      const issued = await Promise.all([1, 2, 3].map(() => t.db.$transaction((tx) => awards.issueNumber(tx, y.id, 'TALLY', user.id))));
      numbers.push(...issued);
    }
    expect(new Set(numbers).size).toBe(numbers.length);
    const stored = await t.db.issuedDocument.findMany({ where: { blocYearId: y.id, kind: 'TALLY' }, orderBy: { id: 'asc' } });
    expect(stored).toHaveLength(before + 15);
    expect(stored.map((d) => Number.parseInt(d.number, 10)).sort((a, b) => a - b)).toEqual(Array.from({ length: before + 15 }, (_, i) => i + 1));
  });

  it('after a gap the next number follows the highest one (count + 1 would issue a number twice)', async () => {
    const y = await yearRow('tn');
    const user = await t.db.user.findUniqueOrThrow({ where: { username: 'thongke.tayninh' } });
    const count = await t.db.issuedDocument.count({ where: { blocYearId: y.id, kind: 'MINUTES' } });
    await t.db.issuedDocument.create({ data: { blocYearId: y.id, kind: 'MINUTES', number: `${String(count + 2).padStart(2, '0')}/BB-KTĐ`, issuedById: user.id } });
    const next = await t.db.$transaction((tx) => awards.issueNumber(tx, y.id, 'MINUTES', user.id));
    expect(next).toBe(`${String(count + 3).padStart(2, '0')}/BB-KTĐ`);
    await t.db.issuedDocument.deleteMany({ where: { blocYearId: y.id, kind: 'MINUTES', number: { in: [next, `${String(count + 2).padStart(2, '0')}/BB-KTĐ`] } } });
  });
});
