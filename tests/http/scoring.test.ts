// Self-scoring, evidence files, the head's review, appeals, progress — through real HTTP on the
// demo data (Nghệ An 2020: phase SCORING, mid-year frozen, so the open period is YEAR_END).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, csrf, type Agent, type TestApp } from '../support/app';

let t: TestApp;
let base: string;
let criteria: { id: number; code: string; kind: string; maxCenti: number; stepCenti: number }[];
let fresh: number; // a member with no year-end sheet yet (not head, deputy)
let submitted: number; // a member whose year-end sheet waits for review
let other: number; // another member
let freshAgent: Agent;
let headAgent: Agent;
const logins: Record<number, string> = {};

beforeAll(async () => {
  t = await startTestApp({ UPLOAD_MAX_MB: '1' });
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
  const year = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2020 } }, include: { memberships: true, sheets: true } });
  base = `/blocs/${bloc.blocId}/years/2020`;
  const table = await t.db.criteriaTable.findFirstOrThrow({ where: { blocYearId: year.id }, include: { criteria: { orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] } } });
  criteria = table.criteria;
  const users = await t.db.roleAssignment.findMany({ where: { role: 'UNIT_OFFICER' }, include: { user: true } });
  for (const u of users) logins[u.agencyId!] = u.user.username;
  const endSheet = (a: number) => year.sheets.find((s) => s.agencyId === a && s.period === 'YEAR_END');
  const plain = year.memberships.map((m) => m.agencyId).filter((a) => a !== year.headAgencyId && a !== year.deputyAgencyId);
  fresh = plain.find((a) => !endSheet(a))!;
  submitted = plain.find((a) => endSheet(a)?.status === 'SUBMITTED')!;
  other = plain.find((a) => a !== fresh && a !== submitted)!;
  freshAgent = await loginAs(t.app, logins[fresh]);
  headAgent = await loginAs(t.app, logins[year.headAgencyId!]);
});
afterAll(async () => t.close());

const sheetPage = (a: number) => `${base}/scores/${a}?period=YEAR_END`;
const fullScores = () => Object.fromEntries(criteria.map((c) => [`score_${c.id}`, c.kind === 'NORMAL' ? String(c.maxCenti / 100 - 1) : '0']));
const versionOf = async (a: number) => (await t.db.scoreSheet.findFirst({ where: { agencyId: a, period: 'YEAR_END', blocYear: { year: 2020 } } }))?.version ?? 0;
const sheetOf = (a: number) => t.db.scoreSheet.findFirst({ where: { agencyId: a, period: 'YEAR_END', blocYear: { year: 2020 } }, include: { entries: true } });

describe('self-scoring', () => {
  it('saves a partial draft; scores outside the limits → 422 with the message next to the field, nothing written', async () => {
    const [c1, c2] = criteria;
    const ok = await postForm(freshAgent, `${base}/scores/${fresh}`, { period: 'YEAR_END', version: '0', action: 'save', [`score_${c1.id}`]: '5,5', [`evidence_${c1.id}`]: 'Báo cáo số 12/BC' }, sheetPage(fresh));
    expect(ok.status).toBe(302);
    const draft = await sheetOf(fresh);
    expect(draft?.status).toBe('DRAFT');
    expect(draft?.entries.find((e) => e.criterionId === c1.id)?.selfCenti).toBe(550);

    const bad = await postForm(freshAgent, `${base}/scores/${fresh}`, { period: 'YEAR_END', version: String(draft!.version), action: 'save', [`score_${c1.id}`]: '999', [`score_${c2.id}`]: 'abc' }, sheetPage(fresh));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Điểm tối đa của tiêu chí này là');
    expect(bad.text).toContain('Điểm phải là số');
    expect(bad.text).toContain('value="999"'); // what was typed is kept
    const after = await sheetOf(fresh);
    expect(after?.version).toBe(draft!.version);
    expect(after?.entries.find((e) => e.criterionId === c1.id)?.selfCenti).toBe(550);
  });

  it('a score off the step, or a bonus over its limit → 422', async () => {
    const normal = criteria.find((c) => c.kind === 'NORMAL' && c.stepCenti === 50)!;
    const bonus = criteria.find((c) => c.kind === 'BONUS')!;
    const res = await postForm(freshAgent, `${base}/scores/${fresh}`, { period: 'YEAR_END', version: String(await versionOf(fresh)), action: 'save', [`score_${normal.id}`]: '1,3', [`score_${bonus.id}`]: String(bonus.maxCenti / 100 + 1) }, sheetPage(fresh));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Điểm phải là bội số của 0,5');
    expect(res.text).toContain('Điểm thưởng tối đa là');
  });

  it('submitting an incomplete sheet → 422 naming the missing criteria; nothing written', async () => {
    const v = await versionOf(fresh);
    const res = await postForm(freshAgent, `${base}/scores/${fresh}`, { period: 'YEAR_END', version: String(v), action: 'submit', [`score_${criteria[0].id}`]: '5' }, sheetPage(fresh));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Cần chấm điểm tiêu chí này trước khi gửi.');
    const s = await sheetOf(fresh);
    expect(s?.status).toBe('DRAFT');
    expect(s?.version).toBe(v);
  });

  it('two officers saving the same sheet: the second is told (409) and its save is not applied', async () => {
    const second = await loginAs(t.app, logins[fresh]);
    const v = await versionOf(fresh);
    const a = await postForm(freshAgent, `${base}/scores/${fresh}`, { period: 'YEAR_END', version: String(v), action: 'save', [`score_${criteria[0].id}`]: '6' }, sheetPage(fresh));
    expect(a.status).toBe(302);
    const b = await postForm(second, `${base}/scores/${fresh}`, { period: 'YEAR_END', version: String(v), action: 'save', [`score_${criteria[0].id}`]: '2' }, sheetPage(fresh));
    expect(b.status).toBe(409);
    expect(b.text).toContain('Bảng điểm vừa được lưu ở nơi khác');
    expect((await sheetOf(fresh))?.entries.find((e) => e.criterionId === criteria[0].id)?.selfCenti).toBe(600);
  });

  it('only the unit itself writes its scores: other member, head, board, admin, other bloc → 403, nothing written', async () => {
    const before = await sheetOf(fresh);
    for (const u of [logins[other], 'haiquan.nghean', 'bantdkt.nghean', 'admin', 'thue.tayninh']) {
      const agent = await loginAs(t.app, u);
      const res = await postForm(agent, `${base}/scores/${fresh}`, { period: 'YEAR_END', version: String(before!.version), action: 'save', ...fullScores() });
      expect(res.status, u).toBe(403);
    }
    expect(await sheetOf(fresh)).toEqual(before);
  });

  it('the frozen first half cannot be scored any more (409); a closed year is read-only (403)', async () => {
    const mid = await postForm(freshAgent, `${base}/scores/${fresh}`, { period: 'MID_YEAR', version: '1', action: 'save', [`score_${criteria[0].id}`]: '1' }, sheetPage(fresh));
    expect(mid.status).toBe(409);
    const closed = await postForm(freshAgent, `${base.replace('2020', '2019')}/scores/${fresh}`, { period: 'YEAR_END', version: '1', action: 'save' }, sheetPage(fresh));
    expect(closed.status).toBe(403);
  });
});

describe('evidence files', () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF')]);

  async function upload(agent: Agent, agencyId: number, criterionId: number, file: Buffer, name: string, token?: string) {
    const tok = token ?? (await csrf(agent, sheetPage(agencyId)));
    return agent.post(`${base}/scores/${agencyId}/entries/${criterionId}/files`).field('_csrf', tok).field('period', 'YEAR_END').attach('file', file, name);
  }

  it('attaches a PDF with a Vietnamese name; the unit and the head download it; another member cannot', async () => {
    const res = await upload(freshAgent, fresh, criteria[0].id, pdf, 'Báo cáo tổng kết.pdf');
    expect(res.status).toBe(302);
    const file = await t.db.evidenceFile.findFirstOrThrow({ where: { originalName: 'Báo cáo tổng kết.pdf' } });
    expect(file.sizeBytes).toBe(pdf.length);
    const mine = await freshAgent.get(`${base}/files/${file.id}`);
    expect(mine.status).toBe(200);
    expect(mine.headers['content-type']).toBe('application/pdf');
    expect(mine.headers['content-disposition']).toContain("filename*=UTF-8''B%C3%A1o");
    expect((await headAgent.get(`${base}/files/${file.id}`)).status).toBe(200);
    const otherAgent = await loginAs(t.app, logins[other]);
    expect((await otherAgent.get(`${base}/files/${file.id}`)).status).toBe(403);
    const tayNinh = await loginAs(t.app, 'thue.tayninh');
    expect((await tayNinh.get(`${base}/files/${file.id}`)).status).toBe(403);
  });

  it('a file of the wrong type (even renamed .pdf) → 415; too large → 413; without CSRF → 403; nothing written', async () => {
    const before = await t.db.evidenceFile.count();
    const exe = await upload(freshAgent, fresh, criteria[1].id, Buffer.from('MZ\x90\x00 this is not a pdf'), 'virus.pdf');
    expect(exe.status).toBe(415);
    expect(exe.text).toContain('không đúng định dạng cho phép');
    const txt = await upload(freshAgent, fresh, criteria[1].id, Buffer.from('hello'), 'ghichu.txt');
    expect(txt.status).toBe(415);
    const big = await upload(freshAgent, fresh, criteria[1].id, Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(1024 * 1024 + 10)]), 'lon.pdf');
    expect(big.status).toBe(413);
    expect(big.text).toContain('Tệp quá lớn: tối đa 1 MB.');
    const noToken = await upload(freshAgent, fresh, criteria[1].id, pdf, 'a.pdf', 'sai-token');
    expect(noToken.status).toBe(403);
    const otherAgent = await loginAs(t.app, logins[other]);
    const foreign = await upload(otherAgent, fresh, criteria[1].id, pdf, 'b.pdf');
    expect(foreign.status).toBe(403);
    expect(await t.db.evidenceFile.count()).toBe(before);
  });
});

describe('submit, review, return, resubmit, accept', () => {
  it('the unit submits a complete sheet and can no longer change it (409)', async () => {
    const v = await versionOf(fresh);
    const res = await postForm(freshAgent, `${base}/scores/${fresh}`, { period: 'YEAR_END', version: String(v), action: 'submit', ...fullScores() }, sheetPage(fresh));
    expect(res.status).toBe(302);
    expect((await sheetOf(fresh))?.status).toBe('SUBMITTED');
    const again = await postForm(freshAgent, `${base}/scores/${fresh}`, { period: 'YEAR_END', version: String(v + 1), action: 'save', ...fullScores() }, sheetPage(fresh));
    expect(again.status).toBe(409);
    expect(again.text).toContain('Bảng điểm đã gửi');
  });

  it('a unit officer cannot review (403); a changed score without a reason → 422', async () => {
    const v = await versionOf(fresh);
    const unit = await postForm(freshAgent, `${base}/scores/${fresh}/review`, { period: 'YEAR_END', version: String(v), action: 'accept' }, sheetPage(fresh));
    expect(unit.status).toBe(403);
    const c = criteria[0];
    const res = await postForm(headAgent, `${base}/scores/${fresh}/review`, { period: 'YEAR_END', version: String(v), action: 'accept', [`reviewed_${c.id}`]: '1' }, sheetPage(fresh));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Cần ghi lý do khi điểm thẩm định khác điểm tự chấm.');
    expect((await sheetOf(fresh))?.status).toBe('SUBMITTED');
  });

  it('the head returns one criterion with a reason; the unit sees it, corrects and resends; the head accepts with a changed score', async () => {
    const c = criteria[1];
    let v = await versionOf(fresh);
    const ret = await postForm(headAgent, `${base}/scores/${fresh}/review`, { period: 'YEAR_END', version: String(v), action: 'return', [`return_${c.id}`]: '1', [`reason_${c.id}`]: 'Thiếu văn bản minh chứng' }, sheetPage(fresh));
    expect(ret.status).toBe(302);
    const returned = await sheetOf(fresh);
    expect(returned?.status).toBe('RETURNED');
    expect(returned?.entries.find((e) => e.criterionId === c.id)?.status).toBe('RETURNED');
    const page = await freshAgent.get(sheetPage(fresh));
    expect(page.text).toContain('Trả lại: Thiếu văn bản minh chứng');

    v = returned!.version;
    const fixed = await postForm(freshAgent, `${base}/scores/${fresh}`, { period: 'YEAR_END', version: String(v), action: 'submit', ...fullScores(), [`evidence_${c.id}`]: 'Bổ sung Quyết định 45/QĐ' }, sheetPage(fresh));
    expect(fixed.status).toBe(302);
    const resent = await sheetOf(fresh);
    expect(resent?.status).toBe('SUBMITTED');
    expect(resent?.entries.find((e) => e.criterionId === c.id)?.status).toBe('PENDING');

    const first = criteria[0];
    const acc = await postForm(headAgent, `${base}/scores/${fresh}/review`, { period: 'YEAR_END', version: String(resent!.version), action: 'accept', [`reviewed_${first.id}`]: String(first.maxCenti / 100 - 2), [`reason_${first.id}`]: 'Chưa đạt chỉ tiêu thu' }, sheetPage(fresh));
    expect(acc.status).toBe(302);
    const done = await sheetOf(fresh);
    expect(done?.status).toBe('ACCEPTED');
    const e = done!.entries.find((x) => x.criterionId === first.id)!;
    expect(e.reviewedCenti).toBe(first.maxCenti - 200);
    expect(e.status).toBe('CHANGED');
    expect(done!.entries.every((x) => x.reviewedCenti !== null)).toBe(true);
    const unitView = await freshAgent.get(sheetPage(fresh));
    expect(unitView.text).toContain('Chưa đạt chỉ tiêu thu');
    expect(await t.db.auditLog.count({ where: { action: 'score.review.accept' } })).toBeGreaterThan(0);
  });

  it('the unit appeals the changed score once inside the window; the head upholds it with a new score', async () => {
    const first = criteria[0];
    const period = { period: 'YEAR_END' };
    const closedWindow = await postForm(freshAgent, `${base}/scores/${fresh}/entries/${first.id}/appeal`, { ...period, reason: 'Đơn vị đã đạt 100% chỉ tiêu thu ngân sách' }, sheetPage(fresh));
    expect(closedWindow.status).toBe(409);
    await t.db.blocYear.updateMany({ where: { year: 2020, memberships: { some: { agencyId: fresh } } }, data: { appealUntil: new Date(Date.now() + 3 * 86400_000) } });
    const ok = await postForm(freshAgent, `${base}/scores/${fresh}/entries/${first.id}/appeal`, { ...period, reason: 'Đơn vị đã đạt 100% chỉ tiêu thu ngân sách', evidenceText: 'Báo cáo KBNN' }, sheetPage(fresh));
    expect(ok.status).toBe(302);
    const twice = await postForm(freshAgent, `${base}/scores/${fresh}/entries/${first.id}/appeal`, { ...period, reason: 'Khiếu nại lần hai cho cùng tiêu chí' }, sheetPage(fresh));
    expect(twice.status).toBe(409);
    const appeal = await t.db.appeal.findFirstOrThrow({ where: { entry: { criterionId: first.id, sheet: { agencyId: fresh } } } });
    const unitResolves = await postForm(freshAgent, `${base}/appeals/${appeal.id}/resolve`, { outcome: 'UPHELD', score: '1', resolution: 'Tự giải quyết' }, sheetPage(fresh));
    expect(unitResolves.status).toBe(403);
    const res = await postForm(headAgent, `${base}/appeals/${appeal.id}/resolve`, { outcome: 'UPHELD', score: String(first.maxCenti / 100 - 1), resolution: 'Đối chiếu báo cáo KBNN, chấp nhận' }, sheetPage(fresh));
    expect(res.status).toBe(302);
    const e = await t.db.scoreEntry.findUniqueOrThrow({ where: { id: appeal.entryId } });
    expect(e.reviewedCenti).toBe(first.maxCenti - 100);
    expect(e.status).toBe('AGREED');
    expect(await t.db.auditLog.count({ where: { action: 'score.appeal.resolve', entityId: String(appeal.id) } })).toBe(1);
  });
});

describe('overview and progress', () => {
  it('the head sees every sheet side by side; a unit is sent to its own sheet; progress is for the head and the board', async () => {
    const o = await headAgent.get(`${base}/scores`);
    expect(o.status).toBe(200);
    expect(o.text).toContain('Đối chiếu theo tiêu chí');
    const u = await freshAgent.get(`${base}/scores`);
    expect(u.status).toBe(302);
    expect(u.headers.location).toContain(`/scores/${fresh}`);
    expect((await headAgent.get(`${base}/progress`)).status).toBe(200);
    const board = await loginAs(t.app, 'bantdkt.nghean');
    expect((await board.get(`${base}/progress`)).status).toBe(200);
    expect((await freshAgent.get(`${base}/progress`)).status).toBe(403);
    expect((await freshAgent.get(sheetPage(submitted))).status).toBe(403);
    expect((await board.get(sheetPage(submitted))).status).toBe(200);
    expect(t.errors).toEqual([]);
  });
});
