// The board's decisions on proposals: recorded only after an explicit confirmation, and corrected
// (outcome, number, date) with a reason that goes to the audit log and shows on the awards page.
// Tây Ninh 2020 is at its year-end conference; the proposals are put in place as the head would
// have sent them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';

let t: TestApp;
let base: string;
let yearId: number;
const A: Record<string, Agent> = {};
const P: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp();
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh' } });
  const y = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2020 } } });
  yearId = y.id;
  base = `/blocs/${bloc.blocId}/years/2020`;
  const agency = async (name: string) => (await t.db.agencyVersion.findFirstOrThrow({ where: { name } })).agencyId;
  const sent = { blocYearId: yearId, status: 'SENT', sentAt: new Date('2020-12-20T03:00:00Z') };
  P.toDecide = (await t.db.awardProposal.create({ data: { ...sent, awardKind: 'BANG_KHEN_TINH', agencyId: await agency('Cục Thuế tỉnh Tây Ninh') } })).id;
  P.decided = (await t.db.awardProposal.create({
    data: { ...sent, awardKind: 'BANG_KHEN_TINH', agencyId: await agency('Kho bạc Nhà nước tỉnh Tây Ninh'), status: 'APPROVED', decisionOutcome: 'APPROVED', decisionNumber: '15/QĐ-UBND', decisionDate: new Date('2021-01-15T12:00:00Z') },
  })).id;
  P.pending = (await t.db.awardProposal.create({ data: { ...sent, awardKind: 'BANG_KHEN_TINH', agencyId: await agency('Bảo hiểm xã hội tỉnh Tây Ninh') } })).id;
  for (const u of ['bantdkt.tayninh', 'bantdkt.nghean', 'thongke.tayninh', 'thue.tayninh', 'admin']) A[u] = await loginAs(t.app, u);
});
afterAll(async () => t.close());

const board = () => A['bantdkt.tayninh'];
const proposal = (id: number) => t.db.awardProposal.findUniqueOrThrow({ where: { id } });
const auditCount = () => t.db.auditLog.count({ where: { entity: 'AwardProposal' } });
const decision = { decisionNumber: '120/QĐ-UBND', decisionDate: '2021-02-10', outcome: 'APPROVED' };
const correction = { decisionNumber: '16/QĐ-UBND', decisionDate: '2021-01-16', outcome: 'REJECTED', reason: 'Nhập nhầm số và kết quả của quyết định khác.', confirm: 'yes' };

describe('recording a decision', () => {
  it('the page asks to confirm, with the outcome in words', async () => {
    const page = await board().get(`${base}/awards`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="decide-form"');
    expect(page.text).toContain('name="confirm" value="yes"');
    expect(page.text).toContain('data-confirm-click="Ghi quyết định: ĐƯỢC khen thưởng Bằng khen của Chủ tịch UBND tỉnh cho Cục Thuế tỉnh Tây Ninh?');
    expect(page.text).toContain('Ghi quyết định: KHÔNG được khen thưởng');
  });

  it('without the confirmation: 422 with the message next to the field, nothing written', async () => {
    const before = await auditCount();
    const res = await postForm(board(), `${base}/awards/${P.toDecide}/decide`, decision);
    expect(res.status).toBe(422);
    expect(res.text).toContain('data-testid="confirm-error"');
    expect(res.text).toContain('Đánh dấu xác nhận đã đối chiếu số, ngày và kết quả với quyết định trước khi ghi.');
    expect((await proposal(P.toDecide)).status).toBe('SENT');
    expect(await auditCount()).toBe(before);
  });

  it('with the confirmation: recorded and audited', async () => {
    const res = await postForm(board(), `${base}/awards/${P.toDecide}/decide`, { ...decision, confirm: 'yes' });
    expect(res.status).toBe(302);
    const p = await proposal(P.toDecide);
    expect([p.status, p.decisionNumber, p.decisionOutcome]).toEqual(['APPROVED', '120/QĐ-UBND', 'APPROVED']);
    expect(await t.db.auditLog.count({ where: { action: 'proposal.decide', entityId: String(P.toDecide) } })).toBe(1);
  });
});

describe('correcting a recorded decision', () => {
  const url = () => `${base}/awards/${P.decided}/decision/correct`;

  it('refused to the head, a member, another province\'s board and the admin: 403, nothing written', async () => {
    const before = await auditCount();
    for (const u of ['thongke.tayninh', 'thue.tayninh', 'bantdkt.nghean', 'admin']) {
      expect((await postForm(A[u], url(), correction)).status, u).toBe(403);
    }
    const p = await proposal(P.decided);
    expect([p.status, p.decisionNumber]).toEqual(['APPROVED', '15/QĐ-UBND']);
    expect(await auditCount()).toBe(before);
  });

  it('without a reason (or one too short): 422, nothing written', async () => {
    const before = await auditCount();
    for (const reason of ['', 'nhầm']) {
      const res = await postForm(board(), url(), { ...correction, reason });
      expect(res.status).toBe(422);
      expect(res.text).toContain('data-testid="reason-error"');
      expect(res.text).toContain('Cần ghi lý do đính chính (ít nhất 10 ký tự).');
    }
    const noConfirm = await postForm(board(), url(), { ...correction, confirm: '' });
    expect(noConfirm.status).toBe(422);
    expect((await proposal(P.decided)).decisionNumber).toBe('15/QĐ-UBND');
    expect(await auditCount()).toBe(before);
  });

  it('a proposal never decided cannot be corrected: 409', async () => {
    const before = await auditCount();
    const res = await postForm(board(), `${base}/awards/${P.pending}/decision/correct`, correction);
    expect(res.status).toBe(409);
    expect(res.text).toContain('chưa có quyết định');
    expect((await proposal(P.pending)).status).toBe('SENT');
    expect(await auditCount()).toBe(before);
  });

  it('the board corrects it: outcome, number and date changed; old → new and the reason audited; shown on the awards page', async () => {
    const res = await postForm(board(), url(), correction);
    expect(res.status).toBe(302);
    const p = await proposal(P.decided);
    expect([p.status, p.decisionOutcome, p.decisionNumber, p.decisionDate?.toISOString().slice(0, 10)]).toEqual(['REJECTED', 'REJECTED', '16/QĐ-UBND', '2021-01-16']);
    const row = await t.db.auditLog.findFirstOrThrow({ where: { action: 'proposal.decision.correct', entityId: String(P.decided) } });
    expect(JSON.parse(row.oldValue)).toMatchObject({ outcome: 'APPROVED', decisionNumber: '15/QĐ-UBND' });
    expect(JSON.parse(row.newValue)).toMatchObject({ outcome: 'REJECTED', decisionNumber: '16/QĐ-UBND', reason: correction.reason });
    expect(row.blocYearId).toBe(yearId);
    const page = await A['thue.tayninh'].get(`${base}/awards`);
    expect(page.text).toContain('data-testid="decision-corrected"');
    expect(page.text).toContain(correction.reason);
    expect(page.text).toContain('Trước đó: số 15/QĐ-UBND, được khen thưởng');
  });

  it('also after the year is closed (like recording the decision)', async () => {
    await t.db.blocYear.update({ where: { id: yearId }, data: { phase: 'CLOSED' } });
    try {
      const res = await postForm(board(), url(), { ...correction, outcome: 'APPROVED', reason: 'Quyết định đúng là được khen thưởng.' });
      expect(res.status).toBe(302);
      expect((await proposal(P.decided)).status).toBe('APPROVED');
      expect((await postForm(A['thongke.tayninh'], url(), correction)).status).toBe(403);
      const page = await board().get(`${base}/awards`);
      expect(page.text).toContain('(lần 2)');
    } finally {
      await t.db.blocYear.update({ where: { id: yearId }, data: { phase: 'YEAR_END_REVIEW' } });
    }
  });
});
